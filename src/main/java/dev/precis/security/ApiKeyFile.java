package dev.precis.security;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The API keys file: one key per line, {@code name sha256-hex [rpm=N] [tpm=N] [tpd=N] [glossary=name]
 * [glossaries=a,b|*]}, blank lines and {@code #} comments allowed. Only hashes are stored, so the file reveals no key; the hash may carry a {@code sha256:} prefix.
 */
public final class ApiKeyFile {

    /** One line: a key's name, the SHA-256 of the key, and its quotas. */
    public record Entry(String name, byte[] sha256, Limits limits, Client.KeyGlossaries glossaries) {

        public Entry(String name, byte[] sha256, Limits limits) {
            this(name, sha256, limits, Client.KeyGlossaries.NONE);
        }

        Client client() {
            return new Client(name, limits, glossaries);
        }
    }

    /** A glossary's name, as the glossaries folder's file names give them. */
    private static final java.util.regex.Pattern GLOSSARY = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The keys of the well-formed lines, and a sentence for each line that was skipped (never echoing a hash). */
    public record Parsed(List<Entry> entries, List<String> skipped) {
    }

    private ApiKeyFile() {
    }

    /**
     * Every well-formed line becomes a key; a malformed line is skipped (it grants nothing) and reported. Whatever
     * an edit gets wrong, the keys in force are exactly the well-formed lines of the file as it is now: a line
     * deleted in the same edit as a typo elsewhere is revoked all the same.
     */
    public static Parsed parse(List<String> lines, Limits defaults) {
        List<Entry> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                entries.add(entry(line.split("\\s+"), defaults));
            } catch (IllegalArgumentException e) {
                skipped.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Parsed(List.copyOf(entries), List.copyOf(skipped));
    }

    private static Entry entry(String[] fields, Limits defaults) {
        if (fields.length < 2) {
            throw new IllegalArgumentException("expected a name and a SHA-256 hash");
        }
        String hex = fields[1].toLowerCase(Locale.ROOT).replaceFirst("^sha256:", "");
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("the hash must be 64 hexadecimal digits (SHA-256)");
        }
        int rpm = defaults.requestsPerMinute();
        long tpm = defaults.tokensPerMinute();
        long tpd = defaults.tokensPerDay();
        String defaultGlossary = null;
        java.util.Set<String> glossaries = new java.util.LinkedHashSet<>();
        boolean anyGlossary = false;
        for (int f = 2; f < fields.length; f++) {
            String[] setting = fields[f].split("=", 2);
            if (setting.length == 2 && setting[0].equals("glossary")) {
                if (!GLOSSARY.matcher(setting[1]).matches()) {
                    throw new IllegalArgumentException("glossary= takes a glossary's name (its file name without "
                            + ".tsv/.csv)");
                }
                defaultGlossary = setting[1];
                continue;
            }
            if (setting.length == 2 && setting[0].equals("glossaries")) {
                for (String name : setting[1].split(",")) {
                    if (name.equals("*")) {
                        anyGlossary = true;
                    } else if (GLOSSARY.matcher(name).matches()) {
                        glossaries.add(name);
                    } else {
                        throw new IllegalArgumentException("glossaries= takes glossary names separated by commas, "
                                + "or *");
                    }
                }
                continue;
            }
            if (setting.length != 2 || !setting[1].matches("\\d{1,15}")) {
                throw new IllegalArgumentException("settings are rpm=N, tpm=N, tpd=N, glossary=name or "
                        + "glossaries=a,b");
            }
            if (setting[0].equals("rpm") && Long.parseLong(setting[1]) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("rpm=" + setting[1] + " is too large (at most " + Integer.MAX_VALUE + ")");
            }
            switch (setting[0]) {
                case "rpm" -> rpm = Integer.parseInt(setting[1]);
                case "tpm" -> tpm = Long.parseLong(setting[1]);
                case "tpd" -> tpd = Long.parseLong(setting[1]);
                default -> throw new IllegalArgumentException("unknown setting " + setting[0]);
            }
        }
        return new Entry(fields[0], HexFormat.of().parseHex(hex), new Limits(rpm, tpm, tpd),
                new Client.KeyGlossaries(defaultGlossary, java.util.Set.copyOf(glossaries), anyGlossary));
    }

    /**
     * The entry whose hash matches the presented key. Every entry is compared, with a constant-time comparison of
     * fixed-length hashes, so the time taken says nothing about which key, or which prefix of a key, was close.
     */
    public static Entry match(List<Entry> entries, byte[] presentedSha256) {
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.sha256(), presentedSha256)) {
                found = entry;
            }
        }
        return found;
    }
}
