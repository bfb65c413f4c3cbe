package dev.precis.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.validation.Extraction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/**
 * One article of the gold set: its text ({@code name.txt}) and the extraction a careful reader made of it
 * ({@code name.json}: publication date, language, and the extraction in the model's own JSON shape).
 */
public record GoldArticle(String id, String text, LocalDate publishedAt, String sourceLanguage, Extraction gold) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record File(LocalDate publishedAt, String sourceLanguage, Extraction gold) {
    }

    /** Every article of a gold folder, in file-name order. */
    public static List<GoldArticle> load(Path folder, ObjectMapper json) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .map(f -> read(f, json)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gold set in " + folder, e);
        }
    }

    private static GoldArticle read(Path annotation, ObjectMapper json) {
        String name = annotation.getFileName().toString().replaceFirst("\\.json$", "");
        try {
            File file = json.readValue(annotation.toFile(), File.class);
            String text = Files.readString(annotation.resolveSibling(name + ".txt"), StandardCharsets.UTF_8);
            return new GoldArticle(name, text, file.publishedAt(), file.sourceLanguage(), file.gold());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read gold article " + name, e);
        }
    }
}
