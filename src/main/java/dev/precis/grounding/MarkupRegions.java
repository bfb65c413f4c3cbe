package dev.precis.grounding;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an article that are not prose: embedded JSON objects, HTML tags (a script with its content), markdown
 * links and images, bare URLs. News copy rarely has them; injected instructions and fake answers usually do, so a
 * fact found only there is not taken as reported by the article. Found in time linear in the article's length,
 * whatever it holds: the article comes from the client.
 */
public final class MarkupRegions {

    /** A literal prefix then one greedy character class with nothing after it: no backtracking. */
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://\\S+");
    /** Braces further apart than this are not taken as one embedded object. */
    private static final int MAX_OBJECT_CHARS = 20_000;
    /** A JSON member's name is at most this long. */
    private static final int MAX_MEMBER_NAME = 100;

    private MarkupRegions() {
    }

    public static List<Span> of(String text) {
        List<Span> regions = new ArrayList<>(text.indexOf('{') >= 0 ? jsonObjects(text) : List.of());
        if (Markup.mayContain(text)) {
            for (Markup.Element element : Markup.scan(text)) {
                regions.add(new Span(element.start(), element.end()));
            }
        }
        if (text.contains("://")) {
            Matcher url = URL.matcher(text);
            while (url.find()) {
                regions.add(new Span(url.start(), url.end()));
            }
        }
        return regions;
    }

    /**
     * Outermost brace pairs whose content has a JSON member ({@code "name":}); a pair without one is looked into for
     * one that has. Pairs are matched in one pass with a stack, members found in one pass, so the whole costs time
     * linear in the text however the braces nest.
     */
    private static List<Span> jsonObjects(String text) {
        int n = text.length();
        int[] closeOf = new int[n];
        java.util.Arrays.fill(closeOf, -1);
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '{') {
                open.push(i);
            } else if (c == '}' && !open.isEmpty()) {
                closeOf[open.pop()] = i;
            }
        }
        int[] memberEnds = memberEnds(text);
        List<Span> objects = new ArrayList<>();
        for (int i = text.indexOf('{'); i >= 0; ) {
            int close = closeOf[i];
            if (close > 0 && close - i < MAX_OBJECT_CHARS && hasMemberWithin(memberEnds, i, close)) {
                objects.add(new Span(i, close + 1));
                i = text.indexOf('{', close + 1);
            } else {
                i = text.indexOf('{', i + 1);
            }
        }
        return objects;
    }

    /**
     * For each position, where the first JSON member ({@code "name"} then optional whitespace then ":") starting at or
     * after it ends; -1 when none does. Filled from the end in one pass.
     */
    private static int[] memberEnds(String text) {
        int n = text.length();
        int[] firstEnd = new int[n + 1];
        firstEnd[n] = -1;
        int nextQuote = -1;
        for (int i = n - 1; i >= 0; i--) {
            if (text.charAt(i) == '"') {
                int end = memberEndAt(text, i, nextQuote);
                // A member starting here, else the first one that starts further on.
                firstEnd[i] = end >= 0 ? end : (nextQuote < 0 ? -1 : firstEnd[nextQuote]);
                nextQuote = i;
            } else {
                firstEnd[i] = nextQuote < 0 ? -1 : firstEnd[nextQuote];
            }
        }
        return firstEnd;
    }

    /** Just past the ":" of a member whose name opens at {@code quote} and closes at {@code closing}; -1 otherwise. */
    private static int memberEndAt(String text, int quote, int closing) {
        if (closing < 0 || closing - quote - 1 < 1 || closing - quote - 1 > MAX_MEMBER_NAME) {
            return -1;
        }
        for (int k = quote + 1; k < closing; k++) {
            if (text.charAt(k) == '\n') {
                return -1;
            }
        }
        int k = closing + 1;
        while (k < text.length() && Character.isWhitespace(text.charAt(k)) && k - closing <= MAX_MEMBER_NAME) {
            k++;
        }
        return k < text.length() && text.charAt(k) == ':' ? k + 1 : -1;
    }

    private static boolean hasMemberWithin(int[] memberEnds, int open, int close) {
        int end = memberEnds[open];
        return end >= 0 && end <= close;
    }
}
