package dev.precis.model;

/**
 * Stable codes of validation issues. Clients may match on {@link #code()}; a repairable issue makes the
 * pipeline re-ask the model, quoting it.
 */
public enum IssueCode {
    /** The answer is not JSON, or not JSON of the expected shape. */
    ANSWER_UNPARSEABLE("answer.unparseable", true),
    /** A required field is missing or blank. */
    MISSING_FIELD("schema.missing_field", true),
    /** A field has a value outside its allowed set. */
    INVALID_VALUE("schema.invalid_value", true),
    /** A date is not YYYY-MM-DD, YYYY-MM or YYYY, or is not a real date. */
    INVALID_DATE("schema.invalid_date", true),
    /** No mention of a participant was found in the article. */
    PARTICIPANT_NOT_FOUND("grounding.participant_not_found", true),
    /** One mention string was not found in the article (others of the same item were). */
    MENTION_NOT_FOUND("grounding.mention_not_found", false),
    /** No mention of the location was found in the article. */
    LOCATION_NOT_FOUND("grounding.location_not_found", false),
    /** No mention of the date was found in the article. */
    DATE_NOT_FOUND("grounding.date_not_found", false),
    /** An evidence quote was not found in the article. */
    EVIDENCE_NOT_FOUND("grounding.evidence_not_found", false),
    /** A text that must be English (headline, summary, purpose, translation) is in another language. */
    NOT_ENGLISH("language.not_english", true),
    /** A meeting date lies far from the publication date. */
    DATE_FAR_FROM_PUBLICATION("date.far_from_publication", false),
    /** The summary is longer than three sentences. */
    SUMMARY_TOO_LONG("summary.too_long", false),
    /** A repair call failed (backend error or timeout); the digest is the best earlier answer. */
    REPAIR_FAILED("repair.failed", false),
    /** The headline and summary of a long article could not be written for the whole of it: they cover its start. */
    SUMMARY_PARTIAL("summary.partial", false),
    /** One part of a long article gave no usable answer; its meetings are missing from the digest. */
    CHUNK_UNUSABLE("chunk.unusable", false),
    /** An item is found only inside embedded code or markup (a JSON block, HTML, a link), not in the prose. */
    ONLY_IN_MARKUP("grounding.only_in_markup", true),
    /** The model repeated our instructions: the article may have asked it to. */
    PROMPT_LEAK("injection.prompt_leak", true),
    /** A URL was removed from a text the model wrote. */
    URL_REMOVED("output.url_removed", false),
    /** Markup (HTML, markdown links or images) was removed from a text the model wrote. */
    MARKUP_REMOVED("output.markup_removed", false),
    /** A text the model wrote was longer than its field allows and was cut. */
    TOO_LONG("output.too_long", false),
    /** A note, not a warning: a glossary entry was applied to this field (the message says which, and what it replaced). */
    GLOSSARY_APPLIED("glossary.applied", false, true),
    /** A text uses a rendering that could stand for several glossary entries: the model is asked which one. */
    GLOSSARY_NOT_APPLIED("glossary.not_applied", true),
    /** An item's mentions are different glossary entries: it is kept as the model wrote it. */
    GLOSSARY_CONFLICT("glossary.conflict", false);

    private final String code;
    private final boolean repairable;
    private final boolean note;

    IssueCode(String code, boolean repairable) {
        this(code, repairable, false);
    }

    IssueCode(String code, boolean repairable, boolean note) {
        this.code = code;
        this.repairable = repairable;
        this.note = note;
    }

    /** Whether an issue of this code is a note that leaves the validation {@code passed}. */
    public static boolean isNote(String code) {
        return GLOSSARY_APPLIED.code.equals(code);
    }

    public String code() {
        return code;
    }

    public boolean repairable() {
        return repairable;
    }
}
