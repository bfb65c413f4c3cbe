package dev.precis.glossary;

import java.util.List;
import java.util.Locale;

/**
 * One decision of a glossary: a source term as articles write it (any spelling, any language) and the English
 * rendering to use for it, with the kind of thing it names and an optional stable id (a newsroom's own, a Wikidata
 * QID). Several source terms may share one target and id. By default a source term matches whatever the case and
 * typography but with its accents; {@code match} may say {@code ignore-accents} and/or {@code match-case}.
 */
public record GlossaryEntry(String source, String target, Kind kind, String id, boolean ignoreAccents,
        boolean matchCase) {

    /** Longest source term, target or id, in characters. */
    public static final int MAX_TERM_CHARS = 200;
    /** Most words in a source term. */
    public static final int MAX_TERM_WORDS = 12;

    /** What an entry names; decides which fields of a digest it is enforced on. */
    public enum Kind {
        PERSON, ORGANIZATION, PLACE, TITLE, TERM;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String value) {
            for (Kind kind : values()) {
                if (kind.label().equals(value)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("kind must be one of " + labels() + ", not '" + shown(value) + "'");
        }

        static List<String> labels() {
            return java.util.Arrays.stream(values()).map(Kind::label).toList();
        }
    }

    /**
     * An entry from its fields as a file or request gives them, checked.
     *
     * @throws IllegalArgumentException saying what is wrong, never echoing more than a short value
     */
    public static GlossaryEntry of(String source, String target, String kind, String id, String match) {
        String s = term(source, "source");
        if (Terms.wordsOf(s) == 0) {
            throw new IllegalArgumentException("source must contain a letter or digit");
        }
        if (Terms.wordsOf(s) > MAX_TERM_WORDS) {
            throw new IllegalArgumentException("source has more than " + MAX_TERM_WORDS + " words");
        }
        String t = term(target, "target");
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("kind is required (" + String.join(", ", Kind.labels()) + ")");
        }
        Kind k = Kind.of(kind.strip().toLowerCase(Locale.ROOT));
        String i = id == null || id.isBlank() ? null : term(id, "id");
        boolean ignoreAccents = false;
        boolean matchCase = false;
        if (match != null && !match.isBlank()) {
            for (String flag : match.strip().split("[\\s,+]+")) {
                switch (flag.toLowerCase(Locale.ROOT)) {
                    case "ignore-accents" -> ignoreAccents = true;
                    case "match-case" -> matchCase = true;
                    case "default" -> { }
                    default -> throw new IllegalArgumentException("match takes ignore-accents and/or match-case, not '"
                            + shown(flag) + "'");
                }
            }
        }
        return new GlossaryEntry(s, t, k, i, ignoreAccents, matchCase);
    }

    /** Entries naming the same thing share this: their id, or else their kind and target. */
    public String identity() {
        return id != null ? "id:" + id : kind.label() + ":" + target;
    }

    /** How the entry is shown in logs, issues and the prompt: {@code "source" → "target"}. */
    public String describe() {
        return "\"" + source + "\" → \"" + target + "\"";
    }

    private static String term(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        String v = value.strip();
        if (v.length() > MAX_TERM_CHARS) {
            throw new IllegalArgumentException(field + " is longer than " + MAX_TERM_CHARS + " characters");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isISOControl(c) || c == '<' || c == '>' || c == '\u2028' || c == '\u2029'
                    || dev.precis.grounding.InvisibleCharacters.isInvisible(v.codePointAt(i))
                    || Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < v.length()
                            && Character.isLowSurrogate(v.charAt(++i)))) {
                throw new IllegalArgumentException(field + " must not contain control, invisible or direction "
                        + "characters, line breaks, '<', '>' or lone surrogates");
            }
        }
        return v;
    }

    static String shown(String value) {
        if (value == null) {
            return "";
        }
        String printable = value.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
