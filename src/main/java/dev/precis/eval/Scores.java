package dev.precis.eval;

import java.util.List;
import java.util.Map;

/**
 * The scores of one evaluation run, micro-averaged over the gold set (counts are summed over articles before
 * dividing). Rates are between 0 and 1; null where nothing was there to score.
 */
public record Scores(
        String label,
        int articles,
        Double participantPrecision,
        Double participantRecall,
        Double participantF1,
        Double nameExactMatch,
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
        List<ArticleScore> perArticle) {

    /** One article's result, and what went wrong with it. */
    public record ArticleScore(String id, Double participantF1, int goldMeetings, int predictedMeetings,
            List<String> problems) {
    }

    /** The scores a threshold can name: those where higher is better. */
    public static final java.util.Set<String> THRESHOLD_NAMES = java.util.Set.of("participantPrecision",
            "participantRecall", "participantF1", "nameExactMatch", "roleAgreement", "organizationAgreement",
            "countryAgreement", "locationF1", "dateAccuracy", "kindAccuracy", "statusAccuracy", "meetingCountAccuracy",
            "groundedMentionRate", "groundedEvidenceRate");

    /** The score named as in the JSON report (for thresholds), or null if it has none. */
    public Double metric(String name) {
        return switch (name) {
            case "participantPrecision" -> participantPrecision;
            case "participantRecall" -> participantRecall;
            case "participantF1" -> participantF1;
            case "nameExactMatch" -> nameExactMatch;
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
