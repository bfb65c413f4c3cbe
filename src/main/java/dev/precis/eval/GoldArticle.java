package dev.precis.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.glossary.GlossaryEntry;
import dev.precis.glossary.GlossaryFile;
import dev.precis.validation.Extraction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One article of the gold set: its text ({@code name.txt}) and the extraction a careful reader made of it
 * ({@code name.json}: publication date, language, and the extraction in the model's own JSON shape). The JSON may
 * give the article a glossary: {@code "glossary": "file"} names {@code glossaries/file.tsv} (or {@code .csv}) of the
 * gold folder, {@code "glossaryEntries"} lists entries inline ({@code source}, {@code target}, {@code kind},
 * optional {@code id} and {@code match}); inline entries come first, as in a request.
 *
 * @param glossary the entries the article is held to in its run with a glossary; empty when it has none
 */
public record GoldArticle(String id, String text, LocalDate publishedAt, String sourceLanguage, Extraction gold,
        List<GlossaryEntry> glossary) {

    /** The folder of the gold set where the glossaries its articles name are. */
    public static final String GLOSSARIES = "glossaries";
    /** A glossary's name, as the service takes it: no path, no hidden file. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public GoldArticle {
        glossary = glossary == null ? List.of() : List.copyOf(glossary);
    }

    public GoldArticle(String id, String text, LocalDate publishedAt, String sourceLanguage, Extraction gold) {
        this(id, text, publishedAt, sourceLanguage, gold, List.of());
    }

    public boolean hasGlossary() {
        return !glossary.isEmpty();
    }

    /** A gold folder that cannot be used as it is: the message says which file, and what is wrong. */
    public static final class GoldSetException extends IllegalArgumentException {
        GoldSetException(String message) {
            super(message);
        }
    }

    /** An inline glossary entry, as a request would give it. */
    record EntryJson(String source, String target, String kind, String id, String match) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record File(LocalDate publishedAt, String sourceLanguage, Extraction gold, String glossary,
            List<EntryJson> glossaryEntries) {
    }

    /** Every article of a gold folder, in file-name order, with glossary files read with no limit on entries. */
    public static List<GoldArticle> load(Path folder, ObjectMapper json) {
        return load(folder, json, Integer.MAX_VALUE);
    }

    /**
     * Every article of a gold folder, in file-name order.
     *
     * @param maxGlossaryEntries the most entries one article's glossary may hold (what a request may give inline)
     * @throws GoldSetException for a glossary that cannot be used: not there, not UTF-8, a line that is not an
     *         entry, too many entries
     */
    public static List<GoldArticle> load(Path folder, ObjectMapper json, int maxGlossaryEntries) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .map(f -> read(f, json, maxGlossaryEntries)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gold set in " + folder, e);
        }
    }

    private static GoldArticle read(Path annotation, ObjectMapper json, int maxGlossaryEntries) {
        String name = annotation.getFileName().toString().replaceFirst("\\.json$", "");
        File file;
        String text;
        try {
            file = json.readValue(annotation.toFile(), File.class);
            text = Files.readString(annotation.resolveSibling(name + ".txt"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read gold article " + name, e);
        }
        List<GlossaryEntry> glossary = new ArrayList<>();
        List<EntryJson> inline = file.glossaryEntries() == null ? List.of() : file.glossaryEntries();
        for (int i = 0; i < inline.size(); i++) {
            EntryJson entry = inline.get(i);
            if (entry == null) {
                throw new GoldSetException(annotation + ": glossaryEntries[" + i + "] is null");
            }
            try {
                glossary.add(GlossaryEntry.of(entry.source(), entry.target(), entry.kind(), entry.id(), entry.match()));
            } catch (IllegalArgumentException e) {
                throw new GoldSetException(annotation + ": glossaryEntries[" + i + "]: " + e.getMessage());
            }
        }
        if (file.glossary() != null) {
            glossary.addAll(glossaryFile(annotation, file.glossary()));
        }
        if ((file.glossary() != null || file.glossaryEntries() != null) && glossary.isEmpty()) {
            throw new GoldSetException(annotation + ": its glossary has no entries");
        }
        if (glossary.size() > maxGlossaryEntries) {
            throw new GoldSetException(annotation + ": its glossary has " + glossary.size() + " entries; a request "
                    + "may give at most " + maxGlossaryEntries + " inline (PRECIS_GLOSSARY_MAX_INLINE_ENTRIES), "
                    + "which is how eval gives them");
        }
        return new GoldArticle(name, text, file.publishedAt(), file.sourceLanguage(), file.gold(), glossary);
    }

    /** The entries of {@code glossaries/<name>.tsv} (or {@code .csv}); every line must be a good entry. */
    private static List<GlossaryEntry> glossaryFile(Path annotation, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new GoldSetException(annotation + ": \"glossary\" names a file of " + GLOSSARIES + "/ without its "
                    + "extension (1-64 letters, digits, '.', '_' or '-'), not \"" + name + "\"");
        }
        Path dir = annotation.resolveSibling(GLOSSARIES);
        Path tsv = dir.resolve(name + ".tsv");
        Path csv = dir.resolve(name + ".csv");
        boolean isTsv = Files.isRegularFile(tsv);
        boolean isCsv = Files.isRegularFile(csv);
        if (isTsv == isCsv) {
            throw new GoldSetException(annotation + ": glossary \"" + name + "\" " + (isTsv
                    ? "is both " + tsv + " and " + csv + "; keep one"
                    : "is not there (" + tsv + " or " + csv + ")"));
        }
        Path path = isTsv ? tsv : csv;
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new GoldSetException(path + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read glossary " + path, e);
        }
        GlossaryFile.Parsed parsed;
        try {
            parsed = GlossaryFile.parse(content, isCsv, Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            throw new GoldSetException(path + ": " + e.getMessage());
        }
        if (!parsed.skipped().isEmpty()) {
            // The service would skip these lines; a gold set says exactly what it measures.
            throw new GoldSetException(path + ": " + String.join("; ", parsed.skipped()));
        }
        return parsed.entries();
    }
}
