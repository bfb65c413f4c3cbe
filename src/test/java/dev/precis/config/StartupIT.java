package dev.precis.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started as an operator starts it: bad settings stop it at once with one line each and exit code 2,
 * no stack trace; good ones give one line saying what is live, and a warning for what looks like a typo.
 */
class StartupIT {

    private static final Duration GENEROUS = Duration.ofSeconds(90);

    @Test
    void badSettingsStopTheStartWithOneLineEachAndNoStackTrace(@TempDir Path folder) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Map.of(
                "PRECIS_LLM_BASE_URL", "localhost:11434/v1",
                "PRECIS_LANGUAGES", "fr,xx",
                "PRECIS_REQUEST_DEADLINE", "-5s",
                "PRECIS_API_KEYS_FILE", folder.resolve("absent.txt").toString()))) {
            assertThat(service.exitCode(GENEROUS)).isEqualTo(2);
            String text = service.text();
            assertThat(text).contains("precis cannot start, its settings are invalid:")
                    .contains("PRECIS_LANGUAGES=fr,xx: 'xx' is not an ISO 639-1 code")
                    .contains("PRECIS_REQUEST_DEADLINE=-5s is not a positive duration")
                    .contains("PRECIS_API_KEYS_FILE=" + folder.resolve("absent.txt") + " is not a file this user can read")
                    .doesNotContain("PT-5S").doesNotContain("Exception").doesNotContain("\tat ");
        }
        Path prompts = Files.createDirectories(folder.resolve("prompts"));
        Files.writeString(prompts.resolve("extraction-schema.json"), "{\"type\": \"object\",\n  \"properties\": ");
        try (ServiceProcess service = ServiceProcess.start(Map.of(
                "PRECIS_LLM_TIMEOUT", "PT3000000H",
                "PRECIS_REQUEST_MEMORY", "100",
                "PRECIS_PROMPTS_DIR", prompts.toString()))) {
            assertThat(service.exitCode(GENEROUS)).isEqualTo(2);
            assertThat(service.text())
                    .contains("PRECIS_LLM_TIMEOUT=PT3000000H is longer than the most it may be (24h)")
                    .contains("PRECIS_REQUEST_MEMORY=100 is below the minimum 1048576")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
        try (ServiceProcess service = ServiceProcess.start(Map.of("PRECIS_PROMPTS_DIR", prompts.toString()))) {
            assertThat(service.exitCode(GENEROUS)).isEqualTo(2);
            assertThat(service.text())
                    .contains("PRECIS_PROMPTS_DIR file " + prompts.resolve("extraction-schema.json")
                            + " is not valid JSON (line 2")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
        try (ServiceProcess service = ServiceProcess.start(Map.of("PRECIS_LLM_BASE_URL", "notaurl"))) {
            assertThat(service.exitCode(GENEROUS)).isEqualTo(2);
            assertThat(service.text())
                    .contains("PRECIS_LLM_BASE_URL=notaurl is not an http(s) URL with a host; for example "
                            + "http://localhost:11434")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void batchDatabaseSettingsThatCannotWorkStopTheStartSayingWhatToDo(@TempDir Path folder) throws Exception {
        try (ServiceProcess service = ServiceProcess.start(Map.of("PRECIS_DB_URL", "mysql://db/precis"))) {
            assertThat(service.exitCode(GENEROUS)).isEqualTo(2);
            assertThat(service.text()).contains("PRECIS_DB_URL=mysql://db/precis is not a PostgreSQL JDBC URL")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
        Path file = Files.writeString(folder.resolve("a-file"), "not a folder");
        try (ServiceProcess service = ServiceProcess.start(Map.of("PRECIS_DATA_DIR", file.resolve("data").toString()))) {
            assertThat(service.exitCode(GENEROUS)).isNotZero();
            assertThat(service.text()).contains("PRECIS_DATA_DIR=" + file.resolve("data") + " cannot be created")
                    .doesNotContain("\tat ");
        }
        // one embedded database, one process: a second on the same folder is told so at start
        Path data = Files.createDirectories(folder.resolve("data"));
        try (ServiceProcess first = ServiceProcess.start(Map.of("PRECIS_DATA_DIR", data.toString()))) {
            first.port(GENEROUS);
            try (ServiceProcess second = ServiceProcess.start(Map.of("PRECIS_DATA_DIR", data.toString()))) {
                assertThat(second.exitCode(GENEROUS)).isNotZero();
                assertThat(second.text()).contains("another precis process is using this folder's embedded batch database")
                        .doesNotContain("\tat ");
            }
        }
    }

    @Test
    void aGoodStartSaysWhatIsLiveAndWarnsOfTyposAndStrayPrompts(@TempDir Path prompts) throws Exception {
        Files.writeString(prompts.resolve("sytem.txt"), "a misspelled override");
        try (ServiceProcess service = ServiceProcess.start(Map.of(
                "PRECIS_LLM_PROVIDER", "anthropic",
                "PRECIS_LLM_MODEL", "claude-sonnet-4-5",
                "PRECIS_LLM_API_KEY", "sk-ant-secret-value",
                "PRECIS_LLM_MODLE", "typo",
                "PRECIS_PROMPTS_DIR", prompts.toString()))) {
            service.port(GENEROUS);
            String text = service.text();
            assertThat(text).contains("PRECIS_LLM_MODLE is not a setting of precis and is ignored; did you mean "
                    + "PRECIS_LLM_MODEL?");
            assertThat(text).contains("PRECIS_PROMPTS_DIR holds sytem.txt, which overrides no prompt");
            assertThat(service.output()).filteredOn(line -> line.contains("precis 0.1.0"))
                    .anySatisfy(line -> assertThat(line).contains("anthropic").contains("claude-sonnet-4-5")
                            .contains("json_schema"));
            assertThat(text).as("no key in the log").doesNotContain("sk-ant-secret-value");
        }
    }

    @Test
    void evalSaysHowToUseItAndStopsOnAMissingGoldSetWithoutStarting() throws Exception {
        try (ServiceProcess eval = ServiceProcess.start(Map.of(), "eval", "--help")) {
            assertThat(eval.exitCode(GENEROUS)).isZero();
            assertThat(eval.text()).contains("usage: java -jar quarkus-run.jar eval").contains("exit codes:")
                    .contains("--compare").doesNotContain("Listening on");
        }
        try (ServiceProcess eval = ServiceProcess.start(Map.of(), "eval", "--gold", "/nonexistent/gold")) {
            assertThat(eval.exitCode(GENEROUS)).isEqualTo(2);
            assertThat(eval.text()).contains("eval: no gold set at /nonexistent/gold")
                    .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Listening on");
        }
    }
}
