package dev.precis.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.precis.prompt.PromptSet;
import dev.precis.support.TestTexts;
import io.quarkus.qute.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Token counts with o200k_base, the encoding the service budgets with: what every extraction call pays before the
 * article, and what each test article costs in and out. Counts are of message contents; the chat format adds a few
 * tokens per message on top. Prints JSON to stdout, or to the file given as the only argument. Run from the
 * repository root, where the prompts are read: {@code java -cp target/test-classes:target/classes:<test classpath>
 * dev.precis.bench.TokenReport [report.json]}.
 */
public final class TokenReport {

    private static final Encoding O200K = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ARTICLES =
            List.of("no-meeting", "phone-call", "two-meetings", "visit-security-chiefs");
    /** The test articles are French; the language is one short line of the user message either way. */
    private static final String SOURCE_LANGUAGE = "fr";
    /**
     * Each test article fits one chunk and its scripted answer passes validation (ValidationBenchmark refuses to
     * run otherwise), so no chunk, merge or repair call follows the first.
     */
    private static final int LLM_CALLS = 1;

    private TokenReport() {
    }

    record FixedOverhead(int system, int userTemplate, int schema, int total, int totalSchemaInPrompt) {
    }

    record ArticleTokens(String name, int chars, int inputTokens, int outputTokens, int llmCalls) {
    }

    record Report(String tokenizer, FixedOverhead fixedOverhead, List<ArticleTokens> articles) {
    }

    public static void main(String[] args) throws IOException {
        PromptSet prompts = prompts();
        Report report = new Report("o200k_base", fixedOverhead(prompts),
                ARTICLES.stream().map(name -> article(prompts, name)).toList());
        String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + System.lineSeparator();
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), json, StandardCharsets.UTF_8);
        } else {
            System.out.print(json);
        }
    }

    /**
     * The prompts as PromptLibrary builds them from the repository's files, with a standalone Qute engine whose
     * defaults (standalone lines removed, no escaping) render them as the service's does.
     */
    static PromptSet prompts() throws JsonProcessingException {
        Engine engine = Engine.builder().addDefaults().build();
        JsonNode schema = JSON.readTree(TestTexts.prompt("extraction-schema.json"));
        JsonNode mergeSchema = JSON.readTree(TestTexts.prompt("merge-schema.json"));
        io.quarkus.qute.Template instruction = engine.parse(TestTexts.prompt("schema.txt"));
        return new PromptSet(
                TestTexts.prompt("system.txt").strip(),
                engine.parse(TestTexts.prompt("user.txt")),
                engine.parse(TestTexts.prompt("repair.txt")),
                schema,
                schema.toString(),
                instruction.data("schema", schema.toString()).render().strip(),
                TestTexts.prompt("merge-system.txt").strip(),
                engine.parse(TestTexts.prompt("merge-user.txt")),
                mergeSchema,
                instruction.data("schema", mergeSchema.toString()).render().strip(),
                // No digest is produced here to carry it.
                "unversioned");
    }

    /**
     * What every call pays besides the article: in json_schema mode (the default) the schema travels in the provider's
     * structured-output field, in json_object and prompt modes at the end of the system prompt instead.
     */
    private static FixedOverhead fixedOverhead(PromptSet prompts) {
        int system = tokens(prompts.system());
        int userTemplate = tokens(userMessage(prompts, ""));
        int schema = tokens(prompts.schemaText());
        int schemaInPrompt = tokens(prompts.system() + "\n\n" + prompts.schemaInstruction()) + userTemplate;
        return new FixedOverhead(system, userTemplate, schema, system + userTemplate + schema, schemaInPrompt);
    }

    /**
     * One call in json_schema mode. The article goes in as it is: the test articles hold nothing the service
     * removes before prompting (invisible characters, data-block tags).
     */
    private static ArticleTokens article(PromptSet prompts, String name) {
        String text = TestTexts.article(name);
        int input = tokens(prompts.system()) + tokens(userMessage(prompts, text)) + tokens(prompts.schemaText());
        int output = tokens(minified(TestTexts.answer(name)));
        return new ArticleTokens(name, text.length(), input, output, LLM_CALLS);
    }

    /** The request's defaults: no title, no publication date, no translation, the article in one piece. */
    private static String userMessage(PromptSet prompts, String article) {
        return prompts.userMessage(article, null, null, SOURCE_LANGUAGE, false, PromptSet.Part.WHOLE);
    }

    /** A model writes its answer without the layout the scripted files have for reading. */
    private static String minified(String json) {
        try {
            return JSON.readTree(json).toString();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ordinary counting, as the service does: an article may contain special tokens as plain text. */
    static int tokens(String text) {
        return O200K.countTokensOrdinary(text);
    }
}
