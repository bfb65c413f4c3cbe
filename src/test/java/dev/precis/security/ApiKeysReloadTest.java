package dev.precis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.precis.support.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Edits of the keys file, as an operator makes them: a revocation always takes effect, and the file fails closed. */
class ApiKeysReloadTest {

    private static final Limits DEFAULTS = new Limits(60, 200_000, 5_000_000);

    @TempDir
    Path dir;

    @Test
    void anEditThatRevokesOneKeyAndBreaksAnotherLineStillRevokes() throws IOException {
        Path file = write("desk " + KeysProfile.sha256("k-desk"), "intern " + KeysProfile.sha256("k-intern"));
        ApiKeys keys = keysFrom(file);
        assertThat(keys.authenticate("k-intern")).isPresent();

        LogCapture log = LogCapture.start();
        try {
            // One edit: the intern's line goes, and a typo comes in on a new line.
            Files.write(file, List.of("desk " + KeysProfile.sha256("k-desk"), "bot deadbeef"), StandardCharsets.UTF_8);
            assertThat(keys.authenticate("k-intern")).as("revoked in the same edit as a typo").isEmpty();
            assertThat(keys.authenticate("k-desk")).as("well-formed lines stay in force").isPresent();
        } finally {
            log.stop();
        }
        assertThat(log.text()).contains("line 2").contains("skipped").doesNotContain("deadbeef");
    }

    @Test
    void aQuotaTooLargeForItsFieldIsAMalformedLineLikeAnyOther() throws IOException {
        Path file = write("desk " + KeysProfile.sha256("k-desk"), "intern " + KeysProfile.sha256("k-intern"));
        ApiKeys keys = keysFrom(file);
        Files.write(file, List.of("desk " + KeysProfile.sha256("k-desk"),
                "eve " + KeysProfile.sha256("k-eve") + " rpm=99999999999"), StandardCharsets.UTF_8);
        assertThat(keys.authenticate("k-intern")).as("revoked").isEmpty();
        assertThat(keys.authenticate("k-eve")).as("its line skipped").isEmpty();
        assertThat(keys.authenticate("k-desk")).isPresent();
    }

    @Test
    void aDeletedFileLeavesNoKeyValidUntilItIsBack() throws IOException {
        Path file = write("desk " + KeysProfile.sha256("k-desk"));
        ApiKeys keys = keysFrom(file);
        assertThat(keys.authenticate("k-desk")).isPresent();

        LogCapture log = LogCapture.start();
        try {
            Files.delete(file);
            assertThat(keys.authenticate("k-desk")).as("no file, no key").isEmpty();
            assertThat(keys.authenticate("k-desk")).isEmpty();
        } finally {
            log.stop();
        }
        assertThat(log.errorsAndStackTraces()).as("said once, loudly").hasSize(1);
        assertThat(log.errorsAndStackTraces().get(0)).contains("NO key is valid");

        write("desk " + KeysProfile.sha256("k-desk"));
        assertThat(keys.authenticate("k-desk")).as("back with the file").isPresent();
    }

    @Test
    void anEmptiedFileRevokesEveryKey() throws IOException {
        Path file = write("desk " + KeysProfile.sha256("k-desk"));
        ApiKeys keys = keysFrom(file);
        Files.write(file, new byte[0]);
        assertThat(keys.authenticate("k-desk")).isEmpty();
    }

    @Test
    void aMissingFileAtStartupStopsTheServiceNamingTheVariable() {
        assertThatThrownBy(() -> keysFrom(dir.resolve("absent.txt")))
                .hasMessageContaining("PRECIS_API_KEYS_FILE=").hasMessageContaining("absent.txt");
    }

    @Test
    void anEmptyOrMissingPresentedKeyNeverMatches() throws IOException {
        ApiKeys keys = keysFrom(write("blank " + KeysProfile.sha256("")));
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
    }

    private ApiKeys keysFrom(Path file) {
        // Reload 0: the file is looked at on every request, as an operator's edit is then seen at once.
        return new ApiKeys(Optional.of(file), DEFAULTS, Duration.ZERO);
    }

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("keys.txt");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }
}
