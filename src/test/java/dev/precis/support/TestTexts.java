package dev.precis.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test articles and scripted model answers under src/test/resources, and the prompts as packaged. */
public final class TestTexts {

    private TestTexts() {
    }

    public static String article(String name) {
        return resource("articles/" + name + ".txt");
    }

    public static String answer(String name) {
        return resource("answers/" + name + ".json");
    }

    /** A prompt file read from the repository's prompts/ folder, the same file the service packages. */
    public static String prompt(String fileName) {
        try {
            return Files.readString(Path.of("prompts", fileName), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = TestTexts.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
