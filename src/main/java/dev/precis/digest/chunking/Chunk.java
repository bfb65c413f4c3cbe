package dev.precis.digest.chunking;

/** A part of the article in UTF-16 code units, end exclusive, so offsets found in it only need {@code start} added. */
public record Chunk(int start, int end) {

    public Chunk {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid chunk " + start + ".." + end);
        }
    }

    public String textOf(String article) {
        return article.substring(start, end);
    }
}
