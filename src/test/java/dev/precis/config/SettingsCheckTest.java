package dev.precis.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad value of each kind, as an operator would set it in the environment: each gives one line that names the
 * environment variable, repeats the value and shows a good one. No Quarkus: the check runs before it starts.
 */
class SettingsCheckTest {

    @Test
    void aDurationThatIsNotOne() {
        assertThat(errors(Map.of("PRECIS_LLM_TIMEOUT", "fast")))
                .containsExactly("PRECIS_LLM_TIMEOUT=fast is not a duration; for example 120s (ms, s, m or h)");
    }

    @Test
    void aNegativeOrZeroDuration() {
        assertThat(errors(Map.of("PRECIS_REQUEST_DEADLINE", "-5s")))
                .singleElement().asString()
                .startsWith("PRECIS_REQUEST_DEADLINE=-5s is not a positive duration; for example ")
                .doesNotContain("PT-5S");
        assertThat(errors(Map.of("PRECIS_BREAKER_OPEN_DURATION", "0s"))).singleElement().asString()
                .startsWith("PRECIS_BREAKER_OPEN_DURATION=0s is not a positive duration");
        assertThat(errors(Map.of("PRECIS_SHUTDOWN_GRACE", "0s"))).as("zero means no grace, a documented value").isEmpty();
    }

    @Test
    void numbersOutOfTheirRangeOrNotNumbers() {
        assertThat(errors(Map.of("PRECIS_MAX_BODY_BYTES", "12"))).containsExactly(
                "PRECIS_MAX_BODY_BYTES=12 is below the minimum 1024; for example 1048576");
        assertThat(errors(Map.of("PRECIS_MAX_BODY_BYTES", "99999999999"))).singleElement().asString()
                .startsWith("PRECIS_MAX_BODY_BYTES=99999999999 is ");
        assertThat(errors(Map.of("PRECIS_LLM_MAX_RETRIES", "three"))).singleElement().asString()
                .startsWith("PRECIS_LLM_MAX_RETRIES=three is not a number; for example ");
    }

    @Test
    void aBooleanThatIsNeither() {
        assertThat(errors(Map.of("PRECIS_PROTECT_OPENAPI", "yes")))
                .containsExactly("PRECIS_PROTECT_OPENAPI=yes is not true or false");
    }

    @Test
    void aLanguageTheDetectorDoesNotKnow() {
        assertThat(errors(Map.of("PRECIS_LANGUAGES", "fr,xx,en"))).containsExactly(
                "PRECIS_LANGUAGES=fr,xx,en: 'xx' is not an ISO 639-1 code precis can detect; for example fr,en,de,es");
    }

    @Test
    void aKeysFileThatIsNotThere(@TempDir Path folder) {
        String missing = folder.resolve("keys.txt").toString();
        assertThat(errors(Map.of("PRECIS_API_KEYS_FILE", missing))).singleElement().asString()
                .startsWith("PRECIS_API_KEYS_FILE=" + missing + " is not a file this user can read");
        // a folder "exists and is readable", and would leave every request a silent 401
        assertThat(errors(Map.of("PRECIS_API_KEYS_FILE", folder.toString()))).singleElement().asString()
                .contains("is not a file this user can read");
    }

    @Test
    void durationsBeyondAnySensibleValueAreRefusedBeforeTheyOverflow() {
        assertThat(errors(Map.of("PRECIS_REQUEST_DEADLINE", "PT3000000H"))).singleElement().asString()
                .isEqualTo("PRECIS_REQUEST_DEADLINE=PT3000000H is longer than the most it may be (24h); for example 180s");
        assertThat(errors(Map.of("PRECIS_LLM_TIMEOUT", "25h"))).singleElement().asString().contains("(24h)");
        assertThat(errors(Map.of("PRECIS_CACHE_TTL", "7d"))).isEmpty();
    }

    @Test
    void aTemperatureThatIsNoTemperature() {
        assertThat(errors(Map.of("PRECIS_LLM_TEMPERATURE", "NaN"))).singleElement().asString()
                .startsWith("PRECIS_LLM_TEMPERATURE=NaN is not a number");
        assertThat(errors(Map.of("PRECIS_LLM_TEMPERATURE", "-7"))).singleElement().asString()
                .contains("is outside 0 to 2");
        assertThat(errors(Map.of("PRECIS_LLM_TEMPERATURE", "0.7"))).isEmpty();
    }

    @Test
    void aControlCharacterInsideAValueIsRefusedAndASecretIsNotRepeated() {
        assertThat(errors(Map.of("PRECIS_LLM_API_KEY", "sk-abc\ndef"))).singleElement().asString()
                .isEqualTo("PRECIS_LLM_API_KEY holds a control character (a line break copied with the value?); "
                        + "remove it");
        assertThat(errors(Map.of("PRECIS_LLM_MODEL", "qwen\u001B[31m"))).singleElement().asString()
                .startsWith("PRECIS_LLM_MODEL=qwen\\u001B[31m holds a control character");
        // the line break a Secret made from a file ends with is only white space around the value
        assertThat(errors(Map.of("PRECIS_LLM_API_KEY", "sk-abcdef\n"))).isEmpty();
    }

    @Test
    void aPortThatIsNoPortIsSaidWithItsVariable() {
        assertThat(errors(Map.of("QUARKUS_HTTP_PORT", "abc"))).containsExactly(
                "QUARKUS_HTTP_PORT=abc is not a port (0-65535); for example 8080");
        assertThat(errors(Map.of("QUARKUS_MANAGEMENT_PORT", "70000"))).singleElement().asString()
                .startsWith("QUARKUS_MANAGEMENT_PORT=70000 is not a port");
        assertThat(errors(Map.of("QUARKUS_HTTP_PORT", "8081"))).isEmpty();
        // one port for both would serve health and metrics to clients, without a key
        assertThat(errors(Map.of("QUARKUS_HTTP_PORT", "19125", "QUARKUS_MANAGEMENT_PORT", "19125"))).singleElement()
                .asString().startsWith("QUARKUS_MANAGEMENT_PORT=19125 is the API's port too");
        assertThat(errors(Map.of("QUARKUS_MANAGEMENT_PORT", "8080"))).singleElement().asString()
                .contains("is the API's port too");
        assertThat(errors(Map.of("QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS", "-1"))).containsExactly(
                "QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS=-1 is not a positive number of connections; for example 10000");
    }

    @Test
    void aPromptOverrideThatProvidersWouldRefuseStopsTheStart(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("extraction-schema.json"), "{\"type\": 5, \"properties\": \"x\"}");
        assertThat(dev.precis.prompt.PromptLibrary.problems(java.util.Optional.of(folder))).singleElement().asString()
                .contains("extraction-schema.json is not a JSON Schema of an object");
        Files.writeString(folder.resolve("extraction-schema.json"), "{\"type\": \"object\",");
        assertThat(dev.precis.prompt.PromptLibrary.problems(java.util.Optional.of(folder))).singleElement().asString()
                .contains("is not valid JSON (line 1");
        Files.writeString(folder.resolve("extraction-schema.json"), "{\"type\": \"object\", \"properties\": {}}");
        assertThat(dev.precis.prompt.PromptLibrary.problems(java.util.Optional.of(folder))).isEmpty();
    }

    @Test
    void aRequestMemoryTooSmallForOneDigest() {
        assertThat(errors(Map.of("PRECIS_REQUEST_MEMORY", "100"))).containsExactly(
                "PRECIS_REQUEST_MEMORY=100 is below the minimum 1048576; for example 200000000");
    }

    @Test
    void aPromptsFolderThatIsNotThere(@TempDir Path folder) throws Exception {
        assertThat(errors(Map.of("PRECIS_PROMPTS_DIR", "/nonexistent"))).singleElement().asString()
                .startsWith("PRECIS_PROMPTS_DIR=/nonexistent is not a directory");
        Path file = Files.writeString(folder.resolve("system.txt"), "x");
        assertThat(errors(Map.of("PRECIS_PROMPTS_DIR", file.toString()))).singleElement().asString()
                .contains("is not a directory");
    }

    @Test
    void aGlossariesFolderThatIsNotThereOrLimitsOutOfRange() {
        assertThat(errors(Map.of("PRECIS_GLOSSARIES_DIR", "/nonexistent/glossaries"))).singleElement().asString()
                .isEqualTo("PRECIS_GLOSSARIES_DIR=/nonexistent/glossaries is not a directory; point it at a folder of "
                        + "glossary files (<name>.tsv or <name>.csv), for example /etc/precis/glossaries");
        assertThat(errors(Map.of("PRECIS_GLOSSARY_MAX_INLINE_ENTRIES", "100000"))).singleElement().asString()
                .startsWith("PRECIS_GLOSSARY_MAX_INLINE_ENTRIES=100000 is above the maximum 10000");
        assertThat(errors(Map.of("PRECIS_GLOSSARIES_RELOAD", "0s"))).isEmpty();
    }

    @Test
    void settingsThatContradictEachOther() {
        assertThat(errors(Map.of("PRECIS_MAX_CALLS_PER_ARTICLE", "2", "PRECIS_REPAIR_ATTEMPTS", "3")))
                .singleElement().asString()
                .startsWith("PRECIS_MAX_CALLS_PER_ARTICLE=2 leaves no room for one call and its PRECIS_REPAIR_ATTEMPTS=3");
    }

    @Test
    void everyBadValueIsSaidAtOnce() {
        assertThat(errors(Map.of("PRECIS_LLM_TIMEOUT", "x", "PRECIS_LANGUAGES", "zz", "PRECIS_LLM_MAX_RETRIES", "-1")))
                .hasSize(3);
    }

    @Test
    void aMisspelledVariableIsAWarningNamingTheClosestSetting() {
        SettingsCheck.Findings findings = SettingsCheck.check(Map.of("PRECIS_LLM_MODLE", "qwen2.5:7b",
                "PRECIS_SOMETHING_ELSE_ENTIRELY", "1"), Map.of());
        assertThat(findings.ok()).isTrue();
        assertThat(findings.warnings()).containsExactly(
                "PRECIS_LLM_MODLE is not a setting of precis and is ignored; did you mean PRECIS_LLM_MODEL?",
                "PRECIS_SOMETHING_ELSE_ENTIRELY is not a setting of precis and is ignored; see the README's "
                        + "configuration table");
    }

    @Test
    void systemPropertiesAreCheckedUnderTheirEnvironmentNamesAndTheEnvironmentWins() {
        assertThat(SettingsCheck.check(Map.of(), Map.of("precis.llm.timeout", "soon")).errors())
                .containsExactly("PRECIS_LLM_TIMEOUT=soon is not a duration; for example 120s (ms, s, m or h)");
        assertThat(SettingsCheck.check(Map.of("PRECIS_LLM_TIMEOUT", "30s"), Map.of("precis.llm.timeout", "soon"))
                .errors()).isEmpty();
    }

    @Test
    void goodValuesPass() {
        assertThat(errors(Map.of("PRECIS_LLM_TIMEOUT", "90s", "PRECIS_LANGUAGES", "fr, de", "PRECIS_MAX_BODY_BYTES",
                "2097152", "PRECIS_PROTECT_OPENAPI", "TRUE", "PRECIS_REQUEST_DEADLINE", "2m"))).isEmpty();
    }

    @Test
    void aRedisUrlThatIsNotOneSaysWhatIsWrongWithoutThePassword() {
        assertThat(errors(Map.of("PRECIS_REDIS_URL", "http://redis:6379"))).singleElement().asString()
                .startsWith("PRECIS_REDIS_URL=http://redis:6379 is not a redis:// or rediss:// URL; for example redis://redis:6379/0");
        assertThat(errors(Map.of("PRECIS_REDIS_URL", "redis://:s3cr/t@redis:99999/0"))).singleElement().asString()
                .doesNotContain("s3cr").contains("***@redis:99999");
        assertThat(errors(Map.of("PRECIS_REDIS_URL", "redis://redis:6379/zero"))).singleElement().asString()
                .contains("not a database number");
        assertThat(errors(Map.of("PRECIS_REDIS_URL", "redis://:pa ss\nword@redis:6379"))).singleElement().asString()
                .doesNotContain("pa ss");
        assertThat(errors(Map.of("PRECIS_REDIS_URL", "redis://127.0.0.1:6379/0?password=SEKRIT"))).singleElement()
                .asString().doesNotContain("SEKRIT").contains("?***");
        for (String typo : java.util.List.of("redis//:hunter2PW@127.0.0.1:6379/0", "redis:/:hunter2PW@127.0.0.1:6379/0",
                "hunter2PW", "redis://:hunter2PW@127.0.0.1:notaport/0")) {
            assertThat(errors(Map.of("PRECIS_REDIS_URL", typo))).as(typo).singleElement().asString()
                    .doesNotContain("hunter2PW");
        }
        assertThat(errors(Map.of("PRECIS_REDIS_URL", " "))).singleElement().asString()
                .startsWith("PRECIS_REDIS_URL is set but empty: unset it");
        assertThat(errors(Map.of("PRECIS_REDIS_URL", "redis://:pw@127.0.0.1:notaport/0"))).singleElement().asString()
                .contains("has a port that is not a number");
        assertThat(errors(Map.of("PRECIS_REDIS_URL", "redis://user:p%40ss@redis.internal:6380/2"))).isEmpty();
        assertThat(errors(Map.of("PRECIS_REDIS_URL", "rediss://:secret@redis"))).isEmpty();
        assertThat(RedisUrl.parse("redis://user:p%40ss@redis.internal:6380/2"))
                .isEqualTo(new RedisUrl("redis.internal", 6380, java.util.Optional.of("user"),
                        java.util.Optional.of("p@ss"), 2, false));
        assertThat(RedisUrl.parse("rediss://:secret@redis").safe()).isEqualTo("rediss://redis:6379/0");
    }

    @Test
    void batchDatabaseAndCallbackSettingsSayWhatIsWrongWithoutTheirSecrets() {
        assertThat(errors(Map.of("PRECIS_DB_URL", "postgres://db:5432/precis"))).singleElement().asString()
                .startsWith("PRECIS_DB_URL=postgres://db:5432/precis is not a PostgreSQL JDBC URL")
                .endsWith("for example jdbc:postgresql://postgres:5432/precis");
        assertThat(errors(Map.of("PRECIS_DB_URL", "jdbc:postgresql://precis:s3cret@db:5432/precis")))
                .singleElement().asString().contains("PRECIS_DB_USER and PRECIS_DB_PASSWORD").doesNotContain("s3cret");
        assertThat(errors(Map.of("PRECIS_DB_URL", "jdbc:postgresql://db:5432/pre cis?password=s3cret")))
                .singleElement().asString().doesNotContain("s3cret");
        assertThat(errors(Map.of("PRECIS_DB_URL", "jdbc:postgresql://db:99999/precis"))).singleElement().asString()
                .contains("99999 is not a port");
        assertThat(errors(Map.of("PRECIS_DB_URL", "jdbc:postgresql://db/"))).singleElement().asString()
                .contains("is not of the form jdbc:postgresql://host[:port]/database");
        assertThat(errors(Map.of("PRECIS_DB_URL", "jdbc:postgresql://db.internal:5433/precis?sslmode=require")))
                .isEmpty();
        assertThat(errors(Map.of("PRECIS_DB_PASSWORD", "pa\u0007ss"))).singleElement().asString()
                .startsWith("PRECIS_DB_PASSWORD holds a control character").doesNotContain("pa\u0007ss");
        assertThat(errors(Map.of("PRECIS_CALLBACK_SECRET", "short"))).singleElement().asString()
                .isEqualTo("PRECIS_CALLBACK_SECRET is 5 characters long; give it at least 32 random characters, for "
                        + "example the output of: openssl rand -hex 32");
        assertThat(errors(Map.of("PRECIS_CALLBACK_HOSTS", "hooks.example.org,http://evil/,*.internal.example.org")))
                .singleElement().asString().startsWith("PRECIS_CALLBACK_HOSTS=").contains("'http://evil/' is not a host name");
        assertThat(errors(Map.of("PRECIS_CALLBACK_HOSTS", "hooks.example.org, *.internal.example.org,localhost:8089")))
                .isEmpty();
        assertThat(errors(Map.of("PRECIS_DATA_DIR", ""))).singleElement().asString()
                .isEqualTo("PRECIS_DATA_DIR is set but empty; unset it for the default (precis-data), or give a folder "
                        + "or file");
        assertThat(SettingsCheck.check(Map.of("PRECIS_CALLBACK_HOSTS", "hooks.example.org"), Map.of()).warnings())
                .singleElement().asString().startsWith("PRECIS_CALLBACK_HOSTS is set without PRECIS_CALLBACK_SECRET");
        assertThat(SettingsCheck.check(Map.of("PRECIS_DB_PASSWORD", "x"), Map.of()).warnings())
                .singleElement().asString().startsWith("PRECIS_DB_USER or PRECIS_DB_PASSWORD is set without PRECIS_DB_URL");
        assertThat(errors(Map.of("PRECIS_BATCH_RETENTION", "7d"))).isEmpty();
        assertThat(errors(Map.of("PRECIS_BATCH_RETENTION", "400d"))).singleElement().asString()
                .startsWith("PRECIS_BATCH_RETENTION=400d is longer than the most it may be (366d)");
        assertThat(errors(Map.of("PRECIS_BATCH_SHARE", "101"))).singleElement().asString()
                .startsWith("PRECIS_BATCH_SHARE=101 is above the maximum 100");
        assertThat(errors(Map.of("PRECIS_BATCH_MAX_BYTES", "100000000"))).singleElement().asString()
                .startsWith("PRECIS_BATCH_MAX_BYTES=100000000 is above the maximum 62914560");
    }

    private static java.util.List<String> errors(Map<String, String> env) {
        return SettingsCheck.check(env, Map.of()).errors();
    }
}
