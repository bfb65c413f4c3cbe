package dev.precis.glossary;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A glossary file: UTF-8 text, a header line naming the columns, then one entry per line. {@code .tsv} files
 * separate fields with tabs; {@code .csv} files with commas, a field holding a comma or a quote being quoted
 * ({@code "Paris, Texas"}, a quote inside doubled). Columns, in any order: {@code source}, {@code target},
 * {@code kind} (required), {@code id}, {@code match} (optional). Blank lines and lines starting with {@code #} are
 * skipped. A malformed line, or a source term already given a different target on an earlier line, is skipped and
 * reported; the rest of the file is used.
 */
public final class GlossaryFile {

    /** The entries of the well-formed lines, and a sentence for each line that was skipped. */
    public record Parsed(List<GlossaryEntry> entries, List<String> skipped) {
    }

    private static final List<String> REQUIRED = List.of("source", "target", "kind");
    private static final List<String> KNOWN = List.of("source", "target", "kind", "id", "match");
    /** Longest line: five fields of the longest term, quoted, and room to spare. */
    static final int MAX_LINE_CHARS = 4_096;
    /** Most skipped lines reported one by one; the rest are counted. */
    private static final int MAX_REPORTED = 20;

    private GlossaryFile() {
    }

    /**
     * @param csv whether fields are separated by commas (else tabs)
     * @param maxEntries the most entries a file may hold
     * @throws IllegalArgumentException when the file cannot be used at all: no header, a header without a required
     *         column, or more entries than allowed
     */
    public static Parsed parse(String content, boolean csv, int maxEntries) {
        List<String> lines = content.lines().toList();
        int headerAt = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                headerAt = i;
                break;
            }
        }
        if (headerAt < 0) {
            throw new IllegalArgumentException("no header line (expected e.g. 'source" + (csv ? "," : "\\t") + "target"
                    + (csv ? "," : "\\t") + "kind')");
        }
        if (lines.get(headerAt).length() > MAX_LINE_CHARS) {
            throw new IllegalArgumentException("the header line is longer than " + MAX_LINE_CHARS + " characters");
        }
        Map<String, Integer> columns = header(fields(stripBom(lines.get(headerAt)), csv), headerAt + 1);
        List<GlossaryEntry> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int notReported = 0;
        Map<String, Integer> lineOfSource = new HashMap<>();
        Map<String, GlossaryEntry> entryOfSource = new HashMap<>();
        for (int i = headerAt + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            String problem;
            try {
                if (line.length() > MAX_LINE_CHARS) {
                    throw new IllegalArgumentException("longer than " + MAX_LINE_CHARS + " characters");
                }
                List<String> fields = fields(line, csv);
                if (fields.size() > columns.size()) {
                    throw new IllegalArgumentException(fields.size() + " fields where the header names "
                            + columns.size());
                }
                GlossaryEntry entry = GlossaryEntry.of(field(fields, columns, "source"), field(fields, columns, "target"),
                        field(fields, columns, "kind"), field(fields, columns, "id"), field(fields, columns, "match"));
                String key = Glossary.sourceKey(entry);
                Integer earlier = lineOfSource.putIfAbsent(key, i + 1);
                if (earlier == null) {
                    if (entries.size() == maxEntries) {
                        throw new IllegalArgumentException("more than " + maxEntries
                                + " entries (PRECIS_GLOSSARY_MAX_ENTRIES)");
                    }
                    entries.add(entry);
                    entryOfSource.put(key, entry);
                    continue;
                }
                GlossaryEntry first = entryOfSource.get(key);
                if (first.identity().equals(entry.identity()) && first.target().equals(entry.target())) {
                    continue; // the same decision twice: nothing to report
                }
                problem = "source '" + GlossaryEntry.shown(entry.source()) + "' is already on line " + earlier
                        + " with target '" + GlossaryEntry.shown(first.target()) + "'";
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().contains("PRECIS_GLOSSARY_MAX_ENTRIES")) {
                    throw e;
                }
                problem = e.getMessage();
            }
            if (skipped.size() < MAX_REPORTED) {
                skipped.add("line " + (i + 1) + ": " + problem);
            } else {
                notReported++;
            }
        }
        if (notReported > 0) {
            skipped.add(notReported + " more line(s) skipped");
        }
        return new Parsed(List.copyOf(entries), List.copyOf(skipped));
    }

    private static Map<String, Integer> header(List<String> names, int lineNumber) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("line " + lineNumber + ": unknown column '"
                        + GlossaryEntry.shown(name) + "' (columns are " + String.join(", ", KNOWN) + ")");
            }
            if (columns.put(name, i) != null) {
                throw new IllegalArgumentException("line " + lineNumber + ": column '" + name + "' appears twice");
            }
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                throw new IllegalArgumentException("line " + lineNumber + ": the header has no '" + required
                        + "' column (required: " + String.join(", ", REQUIRED) + ")");
            }
        }
        return columns;
    }

    private static String field(List<String> fields, Map<String, Integer> columns, String name) {
        Integer at = columns.get(name);
        return at == null || at >= fields.size() ? null : fields.get(at);
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** The fields of one line: split at tabs, or read as CSV (quoted fields, doubled quotes). */
    static List<String> fields(String line, boolean csv) {
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (!csv) {
            return List.of(line.split("\t", -1));
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("a quoted field is not closed");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                while (i < line.length() && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote");
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        throw new IllegalArgumentException("a quote inside an unquoted field (quote the whole field "
                                + "and double the quote)");
                    }
                    field.append(c);
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= line.length()) {
                return fields;
            }
            i++; // the comma
        }
    }
}
