package dev.precis.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.config.PrecisConfig;
import io.quarkus.qute.Engine;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Loads the prompt files once at startup: from {@code PRECIS_PROMPTS_DIR} where that folder has a file of the
 * name, else the copy packaged from the repository's {@code prompts/} folder. A missing or broken prompt stops
 * the service from starting rather than producing bad digests later.
 */
@Startup
@ApplicationScoped
public class PromptLibrary {

    /** Every prompt file, in the order they enter the version hash. */
    static final List<String> FILES = List.of("system.txt", "user.txt", "repair.txt", "extraction-schema.json",
            "merge-system.txt", "merge-user.txt", "merge-schema.json", "schema.txt");

    private static final Logger LOG = Logger.getLogger(PromptLibrary.class);

    private final PromptSet prompts;

    PromptLibrary(PrecisConfig config, Engine engine, ObjectMapper mapper) {
        Optional<Path> overrides = config.promptsDir();
        overrides.ifPresent(PromptLibrary::checkOverrides);
        List<String> texts = FILES.stream().map(name -> read(name, overrides)).toList();
        JsonNode schema = parseJson(texts.get(3), FILES.get(3), mapper);
        JsonNode mergeSchema = parseJson(texts.get(6), FILES.get(6), mapper);
        io.quarkus.qute.Template schemaInstruction = engine.parse(texts.get(7));
        this.prompts = new PromptSet(
                texts.get(0).strip(),
                engine.parse(texts.get(1)),
                engine.parse(texts.get(2)),
                schema,
                schema.toString(),
                schemaInstruction.data("schema", schema.toString()).render().strip(),
                texts.get(4).strip(),
                engine.parse(texts.get(5)),
                mergeSchema,
                schemaInstruction.data("schema", mergeSchema.toString()).render().strip(),
                version(texts));
        LOG.infof("Prompts loaded (version %s)%s", prompts.version(),
                overrides.map(dir -> ", overrides from " + dir).orElse(""));
    }

    /** A missing folder is an error; a file in it that overrides no prompt (a typo, an old name) is said. */
    private static void checkOverrides(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("PRECIS_PROMPTS_DIR=" + dir + " is not a directory; point it at a folder "
                    + "of prompt files (see prompts/), for example /etc/precis/prompts");
        }
        try (var files = Files.list(dir)) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> !name.startsWith(".") && !FILES.contains(name))
                    .sorted()
                    .forEach(name -> LOG.warnf("PRECIS_PROMPTS_DIR holds %s, which overrides no prompt (they are %s)",
                            name, String.join(", ", FILES)));
            Path user = dir.resolve("user.txt");
            if (Files.isRegularFile(user) && !Files.readString(user, StandardCharsets.UTF_8).contains("{glossary}")) {
                LOG.warnf("PRECIS_PROMPTS_DIR file %s has no {glossary}: glossary entries are never given to the model "
                        + "(they are still held to after it); start from the packaged prompts/user.txt", user);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list PRECIS_PROMPTS_DIR " + dir, e);
        }
    }

    /**
     * What is wrong with the override files of {@code PRECIS_PROMPTS_DIR}, one line each (the file, what is wrong,
     * where), checked before the service starts: a schema that is not JSON or a template that does not parse stops
     * the start with that line, not with a stack trace at the first bean that needs it.
     */
    public static List<String> problems(Optional<Path> overrides) {
        if (overrides.isEmpty() || !Files.isDirectory(overrides.get())) {
            return List.of(); // the settings check reports a missing folder
        }
        List<String> problems = new java.util.ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        Engine engine = Engine.builder().addDefaults().build();
        for (String name : FILES) {
            Path file = overrides.get().resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            String where = "PRECIS_PROMPTS_DIR file " + file;
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (name.endsWith(".json")) {
                    JsonNode node = mapper.readTree(text);
                    if (node == null || !node.isObject()) {
                        problems.add(where + " is not a JSON object; start from the packaged prompts/" + name);
                    } else if (!"object".equals(node.path("type").asText()) || !node.path("properties").isObject()) {
                        // sent to providers as the answer's schema: one they refuse would fail every request
                        problems.add(where + " is not a JSON Schema of an object (\"type\": \"object\" and "
                                + "\"properties\"); start from the packaged prompts/" + name);
                    }
                } else {
                    engine.parse(text);
                }
            } catch (JsonProcessingException e) {
                problems.add(where + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + "); start from the packaged prompts/" + name);
            } catch (IOException e) {
                problems.add(where + " cannot be read: " + e.getMessage());
            } catch (RuntimeException e) {
                problems.add(where + " is not a valid template: " + firstLine(e.getMessage()));
            }
        }
        return problems;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no detail)";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    public PromptSet current() {
        return prompts;
    }

    private static String read(String name, Optional<Path> overrides) {
        if (overrides.isPresent()) {
            Path file = overrides.get().resolve(name);
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read prompt " + file, e);
                }
            }
        }
        try (InputStream packaged = PromptLibrary.class.getClassLoader().getResourceAsStream("prompts/" + name)) {
            if (packaged == null) {
                throw new IllegalStateException("prompt " + name + " is missing");
            }
            return new String(packaged.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read packaged prompt " + name, e);
        }
    }

    /** Schemas are sent without their layout: whitespace in them is tokens paid on every call. */
    private static JsonNode parseJson(String text, String name, ObjectMapper mapper) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("prompt " + name + " is not valid JSON", e);
        }
    }

    private static String version(List<String> texts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String text : texts) {
                sha.update(text.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
