package dev.precis.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an article that are not prose: embedded JSON objects, HTML tags (a script with its content), markdown
 * links and images, bare URLs. News copy rarely has them; injected instructions and fake answers usually do, so a
 * fact found only there is not taken as reported by the article.
 */
public final class MarkupRegions {

    private static final List<Pattern> PATTERNS = List.of(
            Pattern.compile("(?is)<script\\b.*?(</script\\s*>|\\z)"),
            Pattern.compile("(?is)<style\\b.*?(</style\\s*>|\\z)"),
            Pattern.compile("<[a-zA-Z!/][^<>]{0,500}>"),
            Pattern.compile("!?\\[[^\\]\\n]{0,500}\\]\\([^)\\s]{0,2000}\\)"),
            Pattern.compile("(?i)\\b(?:https?|ftp)://\\S+"));
    /** Braces further apart than this are not taken as one embedded object. */
    private static final int MAX_OBJECT_CHARS = 20_000;
    private static final Pattern JSON_MEMBER = Pattern.compile("\"[^\"\\n]{1,100}\"\\s*:");

    private MarkupRegions() {
    }

    public static List<Span> of(String text) {
        List<Span> regions = new ArrayList<>(jsonObjects(text));
        boolean mayHaveMarkup = text.indexOf('<') >= 0 || text.indexOf('[') >= 0 || text.contains("://");
        if (!mayHaveMarkup) {
            // The usual case: plain prose, nothing for the patterns to find.
            return regions;
        }
        for (Pattern pattern : PATTERNS) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                regions.add(new Span(matcher.start(), matcher.end()));
            }
        }
        return regions;
    }

    /** Outermost brace pairs whose content has a JSON member ("name": ...). */
    private static List<Span> jsonObjects(String text) {
        List<Span> objects = new ArrayList<>();
        int open = text.indexOf('{');
        while (open >= 0) {
            int close = matchingBrace(text, open);
            if (close > 0 && JSON_MEMBER.matcher(text.substring(open, close)).find()) {
                objects.add(new Span(open, close + 1));
                open = text.indexOf('{', close + 1);
            } else {
                open = text.indexOf('{', open + 1);
            }
        }
        return objects;
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        int limit = Math.min(text.length(), open + MAX_OBJECT_CHARS);
        for (int i = open; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
