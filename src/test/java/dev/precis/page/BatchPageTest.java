package dev.precis.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page's batch view in a real headless Chromium: files chosen, the batch submitted and followed to its end, its
 * results saved as a file; and a refused batch's problem shown.
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class BatchPageTest extends LlmBackendTest {

    private static final String VISIT = "visit-security-chiefs";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One browser for the class; each test loads the page afresh. */
    private static ChromeDriver browser;
    private WebDriverWait wait;

    @TempDir
    Path dir;

    @BeforeEach
    void openPage() throws Exception {
        if (browser == null) {
            browser = Browser.start();
        }
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.get("about:blank");
        browser.get("http://localhost:" + RestAssured.port + "/");
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @Test
    void twoTextFilesAreDigestedFollowedToTheEndAndTheirResultsSaved() throws Exception {
        backend.answers(TestTexts.answer(VISIT));
        // The same article twice, made distinct by a sentence at its end (the answer's offsets stay right).
        Path first = Files.writeString(dir.resolve("rabat-1.txt"), TestTexts.article(VISIT) + "\n\nDépêche n° 1.");
        Path second = Files.writeString(dir.resolve("rabat-2.txt"), TestTexts.article(VISIT) + "\n\nDépêche n° 2.");
        Path downloads = Files.createDirectory(dir.resolve("downloads"));
        browser.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));

        browser.findElement(By.id("batch-files")).sendKeys(first + "\n" + second);
        browser.findElement(By.id("batch-submit")).click();

        WebElement status = browser.findElement(By.id("batch-status"));
        wait.until(ExpectedConditions.textMatches(By.id("batch-status"), Pattern.compile("^Completed")));
        assertThat(status.getText()).isEqualTo("Completed: 2 of 2 done — 2 succeeded, 0 failed, 0 pending.");
        WebElement bar = browser.findElement(By.id("batch-bar"));
        assertThat(bar.getAttribute("value")).isEqualTo("2");
        assertThat(bar.getAttribute("max")).isEqualTo("2");
        assertThat(browser.findElement(By.id("batch-cancel")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("batch-error")).isDisplayed()).isFalse();
        String id = browser.findElement(By.id("batch-id")).getText().replace("Batch ", "");
        assertThat(id).startsWith("b_");
        assertThat(backend.chatRequests()).hasSize(2);
        Path screenshot = Path.of("target/screenshots/batch.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.id("batch-download")).click();
        Path saved = downloads.resolve(id + ".jsonl");
        wait.until(driver -> Files.exists(saved) && !partialDownloads(downloads));
        List<JsonNode> results = new ArrayList<>();
        for (String line : Files.readAllLines(saved, StandardCharsets.UTF_8)) {
            results.add(JSON.readTree(line));
        }
        assertThat(results).extracting(r -> r.get("id").asText()).containsExactly("rabat-1.txt", "rabat-2.txt");
        assertThat(results).allSatisfy(result -> {
            assertThat(result.get("status").asText()).isEqualTo("succeeded");
            assertThat(result.at("/digest/meetings/0/participants/0/name").asText()).isEqualTo("Marc Delorme");
        });
        // The file is what the API answers for the batch.
        String api = given().when().get("/v1/batches/" + id + "/results").then().statusCode(200).extract().asString();
        assertThat(Files.readString(saved, StandardCharsets.UTF_8)).isEqualTo(api);
    }

    @Test
    void aRefusedBatchShowsTheProblemNamingTheLine() throws Exception {
        backend.answers(TestTexts.answer(VISIT));
        Path file = dir.resolve("desk.jsonl");
        Files.writeString(file, JSON.writeValueAsString(Map.of("id", "one", "text", TestTexts.article(VISIT))) + "\n"
                + "{\"id\": \"two\", \"title\": \"No text\"}\n");

        browser.findElement(By.id("batch-files")).sendKeys(file.toString());
        browser.findElement(By.id("batch-submit")).click();

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("batch-error")));
        assertThat(error.getText()).contains("The batch was not accepted: line 2: 'text' is required")
                .doesNotContain("{").doesNotContain("urn:");
        assertThat(browser.findElement(By.id("batch-progress")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("batch-submit")).isEnabled()).isTrue();
        assertThat(browser.findElement(By.id("error")).isDisplayed()).as("the digest form's error area").isFalse();
        assertThat(backend.requestCount()).isZero();
    }

    private static boolean partialDownloads(Path downloads) {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".crdownload"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
