package dev.precis.digest.chunking;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.text.BreakIterator;
import java.text.StringCharacterIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits an article too long for one LLM call into consecutive chunks that cover it exactly: no gap, no overlap,
 * the first starting at 0 and the last ending at its length. Each chunk holds at most {@code maxTokensPerChunk}
 * tokens of o200k_base, the encoding of current OpenAI models and a fair estimate for others.
 *
 * <p>The article is cut as coarsely as the budget allows: whole paragraphs first, then the sentences of a paragraph
 * over budget, the words of a sentence over budget, and code points of a word over budget. The pieces are then packed
 * greedily into chunks. Whitespace at a cut stays with the piece before it, so a chunk that starts at a paragraph,
 * sentence or word starts with a visible character.
 */
public final class ArticleChunker {

    /**
     * One code point is at most four UTF-8 bytes and every byte is a token of its own at worst, so a budget of four
     * holds any single code point: the smallest piece a cut can make.
     */
    private static final int MIN_TOKENS_PER_CHUNK = 4;

    /** Built once: loading the encoding's vocabulary takes a noticeable part of a second. */
    private static final Encoding ENCODING =
            Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    private final int maxTokensPerChunk;

    public ArticleChunker(int maxTokensPerChunk) {
        if (maxTokensPerChunk < MIN_TOKENS_PER_CHUNK) {
            throw new IllegalArgumentException(
                    "a chunk must hold at least " + MIN_TOKENS_PER_CHUNK + " tokens, not " + maxTokensPerChunk);
        }
        this.maxTokensPerChunk = maxTokensPerChunk;
    }

    /** The chunks of the article in order; an article within budget (the empty one too) is a single chunk. */
    public List<Chunk> split(String article) {
        if (surelyFits(article)) {
            return List.of(new Chunk(0, article.length()));
        }
        List<Piece> pieces = new ArrayList<>();
        cut(article, 0, article.length(), Unit.ARTICLE, pieces);
        return pack(article, pieces);
    }

    /**
     * A byte-pair token covers at least one byte of UTF-8, so a text of no more bytes than the budget fits without
     * being counted: the usual news article is decided without running the tokenizer.
     */
    private boolean surelyFits(String article) {
        long utf8Bytes = 0;
        for (int i = 0; i < article.length(); i++) {
            char c = article.charAt(i);
            utf8Bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return utf8Bytes <= maxTokensPerChunk;
    }

    /**
     * Tokens the text takes. Special tokens such as {@code <|endoftext|>} count as ordinary text: an article may
     * contain them as plain characters, and jtokkit's plain count would refuse them with an exception.
     */
    public int countTokens(String text) {
        return ENCODING.countTokensOrdinary(text);
    }

    /** A range of the article that fits the budget on its own, with its token count. */
    private record Piece(int start, int end, int tokens) {
    }

    /** What a range is, coarsest first: each is cut into ranges of the next when over budget. */
    private enum Unit {
        ARTICLE, PARAGRAPH, SENTENCE, WORD
    }

    /**
     * Adds {@code [start, end)} as one piece when it fits the budget, otherwise cuts it into the next finer unit
     * and each of those in turn. Every character is counted once per unit it descends through, never once per
     * prefix, which keeps long articles linear.
     */
    private void cut(String article, int start, int end, Unit unit, List<Piece> pieces) {
        int tokens = countTokens(article.substring(start, end));
        if (tokens <= maxTokensPerChunk) {
            pieces.add(new Piece(start, end, tokens));
            return;
        }
        switch (unit) {
            case ARTICLE -> cutAt(article, start, end, paragraphBoundaries(article, start, end), Unit.PARAGRAPH,
                    pieces);
            case PARAGRAPH -> cutAt(article, start, end, sentenceBoundaries(article, start, end), Unit.SENTENCE,
                    pieces);
            case SENTENCE -> cutAt(article, start, end, wordBoundaries(article, start, end), Unit.WORD, pieces);
            case WORD -> slice(article, start, end, pieces);
        }
    }

    /** Cuts {@code [start, end)} at the boundaries, strictly inside it and in order, into ranges of {@code parts}. */
    private void cutAt(String article, int start, int end, List<Integer> boundaries, Unit parts, List<Piece> pieces) {
        int from = start;
        for (int boundary : boundaries) {
            cut(article, from, boundary, parts, pieces);
            from = boundary;
        }
        cut(article, from, end, parts, pieces);
    }

    /** After every whitespace run holding a line break: a blank line or a single line break ends a paragraph. */
    private static List<Integer> paragraphBoundaries(String article, int start, int end) {
        List<Integer> boundaries = new ArrayList<>();
        boolean lineBreakSeen = false;
        for (int i = start; i < end; i++) {
            char c = article.charAt(i);
            if (!Character.isWhitespace(c)) {
                if (lineBreakSeen && i > start) {
                    boundaries.add(i);
                }
                lineBreakSeen = false;
            } else if (isLineBreak(c)) {
                lineBreakSeen = true;
            }
        }
        return boundaries;
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029';
    }

    /** Sentence ends by the French rules of {@link BreakIterator}; the spaces after a sentence stay with it. */
    private static List<Integer> sentenceBoundaries(String article, int start, int end) {
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.FRENCH);
        sentences.setText(new StringCharacterIterator(article, start, end, start));
        List<Integer> boundaries = new ArrayList<>();
        for (int boundary = sentences.next(); boundary != BreakIterator.DONE && boundary < end;
                boundary = sentences.next()) {
            boundaries.add(boundary);
        }
        return boundaries;
    }

    /**
     * After every whitespace run. {@link Character#isWhitespace} excludes no-break spaces, so the ones French puts
     * before {@code : ; ! ?} and inside « » never leave a punctuation mark alone at the start of a chunk.
     */
    private static List<Integer> wordBoundaries(String article, int start, int end) {
        List<Integer> boundaries = new ArrayList<>();
        for (int i = start + 1; i < end; i++) {
            if (Character.isWhitespace(article.charAt(i - 1)) && !Character.isWhitespace(article.charAt(i))) {
                boundaries.add(i);
            }
        }
        return boundaries;
    }

    /**
     * Cuts a word over budget (a URL, a pasted hash, a run of emoji) at a hard length: slices of
     * {@code maxTokensPerChunk} code units, halved until they fit, since a code unit is usually less than a token.
     * Packing puts the slices back together as far as the budget allows.
     */
    private void slice(String article, int start, int end, List<Piece> pieces) {
        int from = start;
        while (from < end) {
            int to = cutBefore(article, from, Math.min(end, from + maxTokensPerChunk));
            int tokens = countTokens(article.substring(from, to));
            while (tokens > maxTokensPerChunk) {
                to = cutBefore(article, from, from + (to - from) / 2);
                tokens = countTokens(article.substring(from, to));
            }
            pieces.add(new Piece(from, to, tokens));
            from = to;
        }
    }

    /** The last position at or before {@code limit} that splits no surrogate pair, yet at least one code point on. */
    private static int cutBefore(String article, int from, int limit) {
        int firstCodePointEnd = from + Character.charCount(article.codePointAt(from));
        if (limit <= firstCodePointEnd) {
            return firstCodePointEnd;
        }
        boolean splitsPair = limit < article.length() && Character.isLowSurrogate(article.charAt(limit))
                && Character.isHighSurrogate(article.charAt(limit - 1));
        return splitsPair ? limit - 1 : limit;
    }

    /**
     * Packs consecutive pieces into chunks while their summed counts fit. A sum is an estimate — tokens may merge
     * or split differently across a cut — so each chunk of several pieces is counted as a whole and gives its last
     * pieces back to the next chunk while it is over budget. A single piece always fits: it was counted alone.
     */
    private List<Chunk> pack(String article, List<Piece> pieces) {
        List<Chunk> chunks = new ArrayList<>();
        int first = 0;
        while (first < pieces.size()) {
            int next = first + 1;
            int tokens = pieces.get(first).tokens();
            while (next < pieces.size() && tokens + pieces.get(next).tokens() <= maxTokensPerChunk) {
                tokens += pieces.get(next).tokens();
                next++;
            }
            int start = pieces.get(first).start();
            while (next - first > 1
                    && countTokens(article.substring(start, pieces.get(next - 1).end())) > maxTokensPerChunk) {
                next--;
            }
            chunks.add(new Chunk(start, pieces.get(next - 1).end()));
            first = next;
        }
        return chunks;
    }
}
