package dev.precis.eval;

import java.util.List;
import java.util.Map;

/**
 * The scores of one evaluation run, micro-averaged over the gold set (counts are summed over articles before
 * dividing). Rates are between 0 and 1; null where nothing was there to score.
 *
 * <p>{@code nameExact} is the share of the gold participants and places the run found whose English name is the
 * gold's exactly (spaces at the ends aside; {@code nameExactMatch} compares participants only, ignoring case). The
 * articles with a glossary are run twice, without it and with it: {@code nameExactWithoutGlossary} and
 * {@code nameExactWithGlossary} are {@code nameExact} over those articles only, and {@link #glossaryEffect} holds
 * every score of those articles both ways. Every other score is the run with the glossaries.
 */
public record Scores(
        String label,
        int articles,
        Double participantPrecision,
        Double participantRecall,
        Double participantF1,
        Double nameExactMatch,
        Double nameExact,
        Integer glossaryArticles,
        Double nameExactWithoutGlossary,
        Double nameExactWithGlossary,
        Double roleAgreement,
        Double organizationAgreement,
        Double countryAgreement,
        Double locationF1,
        Double dateAccuracy,
        Double kindAccuracy,
        Double statusAccuracy,
        Double meetingCountAccuracy,
        Double groundedMentionRate,
        Double groundedEvidenceRate,
        Double warningRate,
        Double repairCallsPerArticle,
        Double inputTokensPerArticle,
        Double outputTokensPerArticle,
        Double latencyMsPerArticle,
        Map<String, Integer> failuresByStatus,
        GlossaryEffect glossaryEffect,
        List<ArticleScore> perArticle) {

    /**
     * One article's result, and what went wrong with it.
     *
     * @param namesExact of the gold participants and places found ({@code namesScored}), how many are named exactly
     */
    public record ArticleScore(String id, Double participantF1, int goldMeetings, int predictedMeetings,
            Integer namesExact, Integer namesScored, List<String> problems) {
    }

    /** The articles with a glossary, scored as run without it and as run with it. */
    public record GlossaryEffect(Scores without, Scores with) {
    }

    /** These scores with the articles that have a glossary scored both ways; both null when none has one. */
    Scores withGlossaryEffect(Scores without, Scores with) {
        boolean none = without == null || with == null;
        return new Scores(label, articles, participantPrecision, participantRecall, participantF1, nameExactMatch,
                nameExact, none ? 0 : with.articles(), none ? null : without.nameExact(),
                none ? null : with.nameExact(), roleAgreement,
                organizationAgreement, countryAgreement, locationF1, dateAccuracy, kindAccuracy, statusAccuracy,
                meetingCountAccuracy, groundedMentionRate, groundedEvidenceRate, warningRate, repairCallsPerArticle,
                inputTokensPerArticle, outputTokensPerArticle, latencyMsPerArticle, failuresByStatus,
                none ? null : new GlossaryEffect(without, with), perArticle);
    }

    /** The scores a threshold can name: those where higher is better. */
    public static final java.util.Set<String> THRESHOLD_NAMES = java.util.Set.of("participantPrecision",
            "participantRecall", "participantF1", "nameExactMatch", "nameExact", "nameExactWithoutGlossary",
            "nameExactWithGlossary", "roleAgreement", "organizationAgreement",
            "countryAgreement", "locationF1", "dateAccuracy", "kindAccuracy", "statusAccuracy", "meetingCountAccuracy",
            "groundedMentionRate", "groundedEvidenceRate");

    /** The score named as in the JSON report (for thresholds), or null if it has none. */
    public Double metric(String name) {
        return switch (name) {
            case "participantPrecision" -> participantPrecision;
            case "participantRecall" -> participantRecall;
            case "participantF1" -> participantF1;
            case "nameExactMatch" -> nameExactMatch;
            case "nameExact" -> nameExact;
            case "nameExactWithoutGlossary" -> nameExactWithoutGlossary;
            case "nameExactWithGlossary" -> nameExactWithGlossary;
            case "roleAgreement" -> roleAgreement;
            case "organizationAgreement" -> organizationAgreement;
            case "countryAgreement" -> countryAgreement;
            case "locationF1" -> locationF1;
            case "dateAccuracy" -> dateAccuracy;
            case "kindAccuracy" -> kindAccuracy;
            case "statusAccuracy" -> statusAccuracy;
            case "meetingCountAccuracy" -> meetingCountAccuracy;
            case "groundedMentionRate" -> groundedMentionRate;
            case "groundedEvidenceRate" -> groundedEvidenceRate;
            default -> throw new IllegalArgumentException("no score named " + name);
        };
    }
}
