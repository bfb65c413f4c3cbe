package dev.precis.grounding;

/** A range of the submitted text in UTF-16 code units, end exclusive (what {@code String.substring} takes). */
public record Span(int start, int end) {

    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid span " + start + ".." + end);
        }
    }

    public boolean contains(Span other) {
        return start <= other.start && other.end <= end;
    }
}
