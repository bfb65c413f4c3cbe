package dev.precis.page;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The service in open mode (no keys file: any glossary may be named) with a glossaries folder holding the test
 * glossary "newsroom" (a copy of src/test/resources/glossaries/newsroom.tsv).
 */
public class GlossaryPageProfile implements QuarkusTestProfile {

    public static final String GLOSSARY = "newsroom";
    static final Path DIR = glossaries();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("precis.glossaries-dir", DIR.toString());
    }

    private static Path glossaries() {
        try {
            Path dir = Files.createTempDirectory("precis-glossaries");
            Files.copy(Path.of("src/test/resources/glossaries", GLOSSARY + ".tsv"), dir.resolve(GLOSSARY + ".tsv"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
