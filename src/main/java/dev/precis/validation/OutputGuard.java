package dev.precis.validation;

import dev.precis.model.IssueCode;
import dev.precis.model.Issue;
import dev.precis.grounding.InvisibleCharacters;
import dev.precis.grounding.Markup;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps what the model writes to what a digest should hold, whatever an article may have talked it into: no URL
 * (nothing in an answer is ever fetched, and no link is passed on), no markup, no text of our own prompts, and no
 * field longer than it should be. What is removed is said in an issue. Every check takes time linear in the
 * text's length: the text comes from the backend, which may be hostile too.
 */
final class OutputGuard {

    static final int SHORT_FIELD = 200;
    static final int HEADLINE = 300;
    static final int PURPOSE = 1_000;
    static final int SUMMARY = 2_000;

    /**
     * Links of every kind a reader could follow or a page could run: web and file URLs, script and data URIs, mail
     * and protocol-relative links. Each alternative is a literal prefix then one greedy character class with nothing
     * after it: no backtracking.
     */
    private static final Pattern URL = Pattern.compile("(?i)(?:\\b(?:https?|ftp|file|wss?|blob|data|mailto|intent|tel|sms)"
            + "\\s*:[^\\s\\]]+"
            + "|j\\s*a\\s*v\\s*a\\s*s\\s*c\\s*r\\s*i\\s*p\\s*t\\s*:[^\\s\\]]*|v\\s*b\\s*s\\s*c\\s*r\\s*i\\s*p\\s*t\\s*:[^\\s\\]]*"
            + "|\\bwww\\.[^\\s)\\]]+"
            + "|(?<![\\w/:])//[a-z0-9-]+(?:\\.[a-z0-9-]+)+[^\\s\\]]*)");
    /**
     * HTML character references spell characters a page would decode ({@code &#106;avascript:}, {@code &colon;}),
     * with or without their final semicolon.
     */
    private static final Pattern CHARACTER_REFERENCE = Pattern.compile("&#(?:[0-9]{1,8}|[xX][0-9a-fA-F]{1,8});?"
            + "|&[a-zA-Z]{2,10};");
    /**
     * A run of our prompt of twice this many letters and digits in an answer is no coincidence. Any such run contains
     * one whole block of the prompt cut at multiples of this length, so looking for those blocks finds every leak.
     * Both sides are compared as letters and digits only, case folded and compatibility-normalised: a leak disguised
     * by case, spacing (no-break spaces, line breaks), punctuation, invisible characters or full-width letters is
     * still the same run.
     */
    private static final int LEAK_BLOCK = 16;
    private static final long HASH_BASE = 1_000_003L;

    /** The prompt blocks, by hash, for a rolling-hash search over every window of an answer in one pass. */
    private final Set<Long> blockHashes = new HashSet<>();
    private final Set<String> blocks = new HashSet<>();
    /** HASH_BASE to the power LEAK_BLOCK - 1, to drop the first character of a window. */
    private final long highestPower;

    /** @param prompts texts the model must never repeat (the system prompt) */
    OutputGuard(List<String> prompts) {
        for (String prompt : prompts) {
            String flat = flatten(prompt);
            for (int i = 0; i + LEAK_BLOCK <= flat.length(); i += LEAK_BLOCK) {
                String block = flat.substring(i, i + LEAK_BLOCK);
                blocks.add(block);
                blockHashes.add(hash(block, 0, LEAK_BLOCK));
            }
        }
        long power = 1;
        for (int i = 1; i < LEAK_BLOCK; i++) {
            power *= HASH_BASE;
        }
        this.highestPower = power;
    }

    /**
     * The value cleaned and bounded; null stays null. A value that repeats our instructions is removed (null): the
     * issue asks the model to repair it, and no prompt text ever reaches a client.
     */
    String clean(String value, String path, int maxChars, List<Issue> issues) {
        if (value == null) {
            return null;
        }
        // Characters that show as nothing go first: inside a word they hide a link, a leak or a language from every
        // check below. A link spelt in full-width forms (ｈｔｔｐｓ：／／) is a link: such a text is read as the plain
        // letters it stands for (only then, as full-width punctuation is ordinary in Japanese and Chinese quotes).
        String cleaned = InvisibleCharacters.strip(value);
        if (hasFullWidth(cleaned)) {
            String plain = Normalizer.normalize(cleaned, Normalizer.Form.NFKC);
            if (URL.matcher(plain).find()) {
                cleaned = plain;
            }
        }
        if (cleaned.indexOf('&') >= 0 && CHARACTER_REFERENCE.matcher(cleaned).find()) {
            cleaned = CHARACTER_REFERENCE.matcher(cleaned).replaceAll("");
            issues.add(Issue.of(IssueCode.MARKUP_REMOVED, path, "character references were removed; write plain text"));
        }
        if (Markup.mayContain(cleaned)) {
            List<Markup.Element> markup = Markup.scan(cleaned, true);
            if (!markup.isEmpty()) {
                cleaned = Markup.strip(cleaned, markup).strip();
                issues.add(Issue.of(IssueCode.MARKUP_REMOVED, path, "markup was removed; write plain text"));
            }
        }
        if ((cleaned.indexOf(':') >= 0 || cleaned.contains("www.") || cleaned.contains("WWW.") || cleaned.contains("//"))
                && URL.matcher(cleaned).find()) {
            cleaned = URL.matcher(cleaned).replaceAll("").strip();
            issues.add(Issue.of(IssueCode.URL_REMOVED, path, "a URL was removed; digests carry no links"));
        }
        if (leaksPrompt(cleaned)) {
            issues.add(Issue.of(IssueCode.PROMPT_LEAK, path,
                    "repeats the instructions instead of reporting the article; it was removed"));
            return null;
        }
        if (cleaned.length() > maxChars) {
            cleaned = cleaned.substring(0, maxChars);
            issues.add(Issue.of(IssueCode.TOO_LONG, path, "was cut to " + maxChars + " characters"));
        }
        return cleaned;
    }

    private static boolean hasFullWidth(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0xFF01 && c <= 0xFF5E) {
                return true;
            }
        }
        return false;
    }

    /** How much of a model's text an issue message may quote. */
    static final int QUOTE_CHARS = 60;

    /**
     * A model's text as an issue message may quote it: issues go to clients (and back to the model), so a quote gets
     * what a field gets — no markup, no link, nothing of our prompt — and no more than {@link #QUOTE_CHARS} characters.
     */
    String quote(String text) {
        if (text == null) {
            return "null";
        }
        String cleaned = clean(text, "$", Integer.MAX_VALUE, new ArrayList<>());
        if (cleaned == null) {
            return "(a text that repeats our instructions)";
        }
        String flat = cleaned.replaceAll("\\s+", " ").strip();
        return "\"" + (flat.length() > QUOTE_CHARS ? flat.substring(0, QUOTE_CHARS) + "…" : flat) + "\"";
    }

    /** Whether any window of the flattened value is one of the prompt's blocks (Rabin-Karp, one pass). */
    boolean leaksPrompt(String value) {
        if (value.length() < LEAK_BLOCK || blocks.isEmpty()) {
            return false;
        }
        String flat = flatten(value);
        if (flat.length() < LEAK_BLOCK) {
            return false;
        }
        long hash = hash(flat, 0, LEAK_BLOCK);
        for (int start = 0; ; start++) {
            if (blockHashes.contains(hash) && blocks.contains(flat.substring(start, start + LEAK_BLOCK))) {
                return true;
            }
            int next = start + LEAK_BLOCK;
            if (next >= flat.length()) {
                return false;
            }
            hash = (hash - flat.charAt(start) * highestPower) * HASH_BASE + flat.charAt(next);
        }
    }

    private static long hash(String text, int from, int to) {
        long hash = 0;
        for (int i = from; i < to; i++) {
            hash = hash * HASH_BASE + text.charAt(i);
        }
        return hash;
    }

    /**
     * The letters and digits of a text, lower-cased after compatibility normalisation, with look-alikes folded to one
     * letter (Cyrillic and Greek letters that look Latin, digits that stand for letters): linear in its length.
     */
    private static String flatten(String text) {
        String normal = Normalizer.normalize(text, Normalizer.Form.NFKD);
        StringBuilder flat = new StringBuilder(normal.length());
        // modifier letters (ʼ, ˆ) and blank letters count as letters but add nothing a reader sees: sprinkled through a
        // leak they would break up every block
        normal.codePoints().filter(c -> Character.isLetterOrDigit(c) && Character.getType(c) != Character.MODIFIER_LETTER
                        && !InvisibleCharacters.isInvisible(c) && !InvisibleCharacters.isBlankLetter(c))
                .map(Character::toLowerCase).map(OutputGuard::lookAlike).forEach(flat::appendCodePoint);
        return flat.toString();
    }

    /** One letter for the characters that pass for it. */
    private static int lookAlike(int c) {
        return switch (c) {
            case 'а', 'α', '4' -> 'a';
            case 'в', 'β', '8' -> 'b';
            case 'с', 'ϲ' -> 'c';
            case 'е', 'ε', 'є', '3' -> 'e';
            case 'і', 'ї', 'ι', '1', 'l', 'ӏ' -> 'i';
            case 'ј' -> 'j';
            case 'к', 'κ' -> 'k';
            case 'м', 'μ' -> 'm';
            case 'н', 'η' -> 'n';
            case 'о', 'ο', 'σ', '0' -> 'o';
            case 'р', 'ρ' -> 'p';
            case 'ѕ', '5' -> 's';
            case 'т', 'τ', '7' -> 't';
            case 'υ' -> 'u';
            case 'ν' -> 'v';
            case 'х', 'χ' -> 'x';
            case 'у', 'γ' -> 'y';
            case '2' -> 'z';
            default -> c;
        };
    }
}
