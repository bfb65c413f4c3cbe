package dev.precis.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The digest of one article: English headline, summary and meetings, each fact grounded in the submitted text
 * by offsets (UTF-16 code units, end exclusive), plus what validation found and what the LLM calls cost.
 */
public record Digest(
        String sourceLanguage,
        String headline,
        String summary,
        String translation,
        List<Meeting> meetings,
        Validation validation,
        Usage usage) {

    /** One meeting, visit, call, summit or negotiation reported by the article. */
    public record Meeting(
            String kind,
            String status,
            List<Participant> participants,
            Location location,
            MeetingDate date,
            String purpose,
            List<Evidence> evidence) {

        /** The values {@code kind} takes. */
        public static final List<String> KINDS = List.of("meeting", "visit", "call", "summit", "talks", "other");
        /** The values {@code status} takes. */
        public static final List<String> STATUSES = List.of("held", "planned", "cancelled", "unknown");
    }

    /**
     * A person (or organisation) taking part; {@code grounded} when at least one mention was found; {@code id} the
     * stable id of the glossary entry its mentions are, absent when none is or the entry has no id.
     */
    public record Participant(
            String name,
            @JsonInclude(JsonInclude.Include.NON_NULL) String id,
            String role,
            String organization,
            String country,
            boolean grounded,
            List<Mention> mentions) {
    }

    /** Where the meeting takes place; {@code id} as for a participant. */
    public record Location(String name, @JsonInclude(JsonInclude.Include.NON_NULL) String id, String country,
            boolean grounded, List<Mention> mentions) {
    }

    /** {@code iso} is YYYY-MM-DD, YYYY-MM or YYYY: as precise as the article is. */
    public record MeetingDate(String iso, boolean grounded, List<Mention> mentions) {
    }

    /** Where the article names a fact: {@code text} is exactly {@code article.substring(start, end)}. */
    public record Mention(String text, int start, int end) {
    }

    /** A quote of the article reporting the meeting; offsets are null when it could not be found. */
    public record Evidence(String text, Integer start, Integer end, boolean grounded) {
    }

    /** {@code passed} when every fact is grounded and no check failed, else {@code warnings}. */
    public record Validation(String status, List<Issue> issues) {

        /** The values {@code status} takes. */
        public static final List<String> STATUSES = List.of("passed", "warnings");

        /** Notes (which glossary entries were applied) leave a digest {@code passed}. */
        public static Validation of(List<Issue> issues) {
            boolean warned = issues.stream().anyMatch(issue -> !IssueCode.isNote(issue.code()));
            return new Validation(warned ? "warnings" : "passed", List.copyOf(issues));
        }
    }

    /**
     * What producing the digest took: the model that answered, the prompt version in effect, every LLM call made
     * (first answer, retries, repairs, chunks), how many of the rounds were repairs, tokens as the backend reported
     * them (null when it reports none; input tokens include those the provider served from its prompt cache, which are
     * also counted apart, null when the provider does not say), wall time, and whether the answer came from the cache
     * (then no call was made for this request).
     */
    public record Usage(
            String model,
            String promptVersion,
            int llmCalls,
            int repairCalls,
            Integer inputTokens,
            Integer outputTokens,
            Integer cachedInputTokens,
            long latencyMs,
            boolean cached) {
    }
}
