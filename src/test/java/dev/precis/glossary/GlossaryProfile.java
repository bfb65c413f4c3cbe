package dev.precis.glossary;

import dev.precis.support.KeyLines;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The service with a glossaries folder ("newsroom", the test glossary plus an entry no test article mentions, and
 * "sports") and two keys: "desk", whose default glossary is newsroom and which may also name sports, and "other",
 * which may name none. Inline entries are limited to 5, so that the limit is reached quickly.
 */
public class GlossaryProfile implements QuarkusTestProfile {

    public static final String DESK = "pk-glossary-desk-3f9a1c";
    public static final String OTHER = "pk-glossary-other-77d0e2";
    static final Path DIR = folder();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("precis.api-keys-file", keys().toString(),
                "precis.glossaries-dir", DIR.toString(),
                "precis.glossaries-reload", "0s",
                "precis.glossary.max-inline-entries", "5");
    }

    private static Path folder() {
        try {
            Path dir = Files.createTempDirectory("precis-glossaries");
            Files.writeString(dir.resolve("newsroom.tsv"), Files.readString(Path.of(
                    "src/test/resources/glossaries/newsroom.tsv")) + "Nouakchott\tNouakchott\tplace\tQ3688\t\n");
            Files.writeString(dir.resolve("sports.csv"), "source,target,kind,id\nAl-Mansuri,Coach Al-Mansuri,person,\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path keys() {
        try {
            Path file = Files.createTempFile("precis-glossary-keys", ".txt");
            Files.write(file, List.of(KeyLines.line("desk", DESK, "glossary=newsroom glossaries=sports"),
                    KeyLines.line("other", OTHER, "")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
