package dev.precis.digest;

import dev.precis.grounding.InvisibleCharacters;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks every request passes before any LLM call, and the article text as the model gets to see it. */
final class ArticleIntake {

    private static final Set<String> ISO_639_1 = Set.of(Locale.getISOLanguages());
    /** Tags that would let an article or title close its own data block and speak outside it. */
    private static final Pattern DELIMITER = Pattern.compile("</?\\s*(article|title)\\s*>", Pattern.CASE_INSENSITIVE);
    /** A title is a line, not a second article. */
    static final int MAX_TITLE_CHARS = 1_000;

    private ArticleIntake() {
    }

    static void check(DigestRequest request, int maxChars) {
        if (isBlank(request.text())) {
            throw new InvalidRequestException("'text' is required and must not be blank.");
        }
        if (request.text().length() > maxChars) {
            throw new ArticleTooLongException(request.text().length(), maxChars);
        }
        if (request.title() != null && request.title().length() > MAX_TITLE_CHARS) {
            throw new InvalidRequestException("'title' must be at most " + MAX_TITLE_CHARS + " characters.");
        }
        String language = request.sourceLanguage();
        if (language != null && !isAuto(language) && !ISO_639_1.contains(language)) {
            throw new InvalidRequestException(
                    "'sourceLanguage' must be an ISO 639-1 code such as \"fr\", or \"auto\"; got \"" + language + "\".");
        }
    }

    /** Blank also when made only of no-break spaces or invisible characters, which {@code isBlank} lets through. */
    static boolean isBlank(String text) {
        return text == null || text.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || InvisibleCharacters.isInvisible(cp) || InvisibleCharacters.isBlankLetter(cp));
    }

    static boolean isAuto(String language) {
        return language == null || language.equals("auto");
    }

    /** The article for the prompt: invisible characters removed, data-block delimiters neutralised. */
    static String forPrompt(String text) {
        String visible = InvisibleCharacters.strip(text);
        return visible.indexOf('<') < 0 ? visible : DELIMITER.matcher(visible).replaceAll(" ");
    }
}
