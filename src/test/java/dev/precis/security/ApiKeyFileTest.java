package dev.precis.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyFileTest {

    private static final Limits DEFAULTS = new Limits(60, 200_000, 5_000_000);

    @Test
    void linesGiveNamesHashesAndQuotas() {
        List<ApiKeyFile.Entry> entries = ApiKeyFile.parse(List.of(
                "# the desk",
                "",
                "desk  sha256:" + KeysProfile.sha256("k1"),
                "bot " + KeysProfile.sha256("k2").toUpperCase() + " rpm=5 tpd=1000"), DEFAULTS).entries();

        assertThat(entries).extracting(ApiKeyFile.Entry::name).containsExactly("desk", "bot");
        assertThat(entries.get(0).limits()).isEqualTo(DEFAULTS);
        assertThat(entries.get(1).limits()).isEqualTo(new Limits(5, 200_000, 1_000));
    }

    @Test
    void aBadLineIsSkippedAndNamedWithoutEchoingItsHash() {
        ApiKeyFile.Parsed parsed = ApiKeyFile.parse(List.of("ok " + KeysProfile.sha256("k"), "bad deadbeef"), DEFAULTS);
        assertThat(parsed.entries()).extracting(ApiKeyFile.Entry::name).containsExactly("ok");
        assertThat(parsed.skipped()).containsExactly("line 2: the hash must be 64 hexadecimal digits (SHA-256)");
        assertThat(ApiKeyFile.parse(List.of("x " + KeysProfile.sha256("k") + " rps=3"), DEFAULTS).skipped())
                .singleElement().asString().contains("line 1: unknown setting rps");
    }

    @Test
    void onlyTheExactKeyMatchesWhereverItStandsInTheFile() {
        List<ApiKeyFile.Entry> entries = ApiKeyFile.parse(List.of(
                "a " + KeysProfile.sha256("pk-alpha-0001"), "b " + KeysProfile.sha256("pk-bravo-0002"),
                "c " + KeysProfile.sha256("pk-charlie-0003")), DEFAULTS).entries();

        assertThat(ApiKeyFile.match(entries, sha256("pk-alpha-0001")).name()).isEqualTo("a");
        assertThat(ApiKeyFile.match(entries, sha256("pk-charlie-0003")).name()).isEqualTo("c");
        // A key sharing a long prefix with a real one is just another digest: no match, no partial credit.
        assertThat(ApiKeyFile.match(entries, sha256("pk-charlie-0004"))).isNull();
        assertThat(ApiKeyFile.match(entries, sha256(""))).isNull();
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
