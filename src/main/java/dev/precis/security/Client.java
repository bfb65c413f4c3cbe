package dev.precis.security;

import java.util.Set;

/**
 * Who is calling: the name of their API key (never the key), their quotas, and the glossaries their key may use.
 */
public record Client(String name, Limits limits, KeyGlossaries glossaries) {

    public Client(String name, Limits limits) {
        this(name, limits, KeyGlossaries.NONE);
    }

    /**
     * A key's glossaries: its default ({@code glossary=} in the keys file, applied when a request names none) and the
     * others it may name ({@code glossaries=a,b}, or {@code *} for every one).
     */
    public record KeyGlossaries(String defaultGlossary, Set<String> allowed, boolean any) {

        public static final KeyGlossaries NONE = new KeyGlossaries(null, Set.of(), false);
    }
}
