package dev.precis.llm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a backend writes can reach our log only as printable text: it cannot colour, rewrite or split our lines. */
class LogTextTest {

    @Test
    void controlCharactersFromABackendAreEscapedInTheFailureMessage() {
        LlmCallException e = new LlmCallException(LlmFailure.MALFORMED,
                "answer could not be read: \u001B[2J\u001B[31mFAKE ERROR\r\n2026-01-01 INFO forged line\u0085");
        assertThat(e.getMessage()).doesNotContain("\u001B").doesNotContain("\r").doesNotContain("\n")
                .doesNotContain("\u0085")
                .contains("\\u001B[2J").contains("\\u000D\\u000A2026-01-01 INFO forged line");
    }

    @Test
    void aFloodIsCutAndSaidToBe() {
        String flood = "x".repeat(100_000);
        assertThat(LogText.printable(flood)).hasSizeLessThan(600).endsWith("(99500 more chars)");
        assertThat(LogText.printable("plain text stays as it is")).isEqualTo("plain text stays as it is");
    }
}
