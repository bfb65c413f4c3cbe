package dev.precis.page;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.LlmBackend;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The page in a real headless Chromium, against the running service with WireMock as the LLM. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
class DigestPageTest extends LlmBackendTest {

    private static final String VISIT = "visit-security-chiefs";
    /** Groups of adjacent highlighted pieces belonging to one fact, as the reader sees them. */
    private static final String SPANS_OF = """
            const id = arguments[0];
            const groups = [];
            let last = null;
            for (const mark of document.querySelectorAll('#source mark')) {
              const mine = mark.dataset.items.split(' ').includes(id);
              if (mine && last && last.nextSibling === mark) { groups[groups.length - 1] += mark.textContent; }
              else if (mine) { groups.push(mark.textContent); }
              last = mine ? mark : null;
            }
            return groups;""";

    /** One browser for the class (starting one is most of a test's time); each test loads the page afresh. */
    private static ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openPage() throws Exception {
        if (browser == null) {
            browser = Browser.start();
        }
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get("about:blank");
        browser.get("http://localhost:" + RestAssured.port + "/");
    }

    @org.junit.jupiter.api.AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @Test
    void everyHighlightIsTheTextOfTheFactItBelongsTo() throws Exception {
        backend.answers(TestTexts.answer(VISIT));
        digest(TestTexts.article(VISIT));

        assertThat(spans("m0-p0")).containsExactly("Marc Delorme", "M. Delorme");
        assertThat(spans("m0-p1")).containsExactly("Karim Benali", "Karim Benali");
        assertThat(spans("m0-loc")).containsExactly("Rabat", "Rabat");
        assertThat(spans("m0-date")).containsExactly("mardi");
        assertThat(spans("m0-e0")).containsExactly(
                "Marc Delorme, s\u2019est rendu mardi à Rabat, où il a été reçu par son homologue marocain, Karim Benali");
        assertThat(browser.findElement(By.id("source")).getAttribute("lang")).isEqualTo("fr");
        assertThat(browser.findElement(By.id("key-field")).isDisplayed()).as("no key asked in open mode").isFalse();
        assertThat(browser.findElement(By.cssSelector(".headline")).getText())
                .isEqualTo("French foreign intelligence chief visits his Moroccan counterpart in Rabat");
        assertThat(browser.findElement(By.id("usage")).getAttribute("textContent")).contains("LLM calls", "test-model-2026");

        Path screenshot = Path.of("target/screenshots/page.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void theOptionalTitleAndLanguageGoWithTheArticle() {
        backend.answers(TestTexts.answer(VISIT));
        browser.findElement(By.id("title")).sendKeys("Le chef du renseignement à Rabat");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("source-language"))).selectByValue("fr");
        digest(TestTexts.article(VISIT));

        String prompt = backend.chatRequests().get(0).toString();
        assertThat(prompt).contains("Le chef du renseignement à Rabat").contains("Article language: fr");
        assertThat(browser.findElement(By.id("source")).getAttribute("lang")).isEqualTo("fr");
    }

    @Test
    void hoveringAFactLightsItsSpansAndTheOtherWayRound() {
        backend.answers(TestTexts.answer(VISIT));
        digest(TestTexts.article(VISIT));

        new Actions(browser).moveToElement(browser.findElement(By.cssSelector("[data-item='m0-p1']"))).perform();
        List<WebElement> lit = browser.findElements(By.cssSelector("#source mark.active"));
        assertThat(lit).isNotEmpty().allSatisfy(mark -> assertThat(mark.getText()).isIn("Karim Benali",
                "Marc Delorme, s\u2019est rendu mardi à Rabat, où il a été reçu par son homologue marocain, ", "Karim Benali"));

        WebElement rabat = browser.findElements(By.cssSelector("#source mark")).stream()
                .filter(mark -> mark.getText().equals("Rabat")).findFirst().orElseThrow();
        new Actions(browser).moveToElement(rabat).perform();
        assertThat(browser.findElement(By.cssSelector("[data-item='m0-loc']")).getAttribute("class")).contains("active");

        rabat.click();
        assertThat(browser.switchTo().activeElement().getAttribute("data-item")).isEqualTo("m0-loc");
    }

    @Test
    void theKeyboardReachesTheSameLinks() {
        backend.answers(TestTexts.answer(VISIT));
        digest(TestTexts.article(VISIT));

        browser.executeScript("arguments[0].focus()", browser.findElement(By.cssSelector("[data-item='m0-date']")));
        assertThat(browser.findElements(By.cssSelector("#source mark.active"))).extracting(WebElement::getText)
                .contains("mardi");

        WebElement rabat = browser.findElements(By.cssSelector("#source mark")).stream()
                .filter(mark -> mark.getText().equals("Rabat")).findFirst().orElseThrow();
        assertThat(rabat.getAttribute("role")).isEqualTo("button");
        browser.executeScript("arguments[0].focus()", rabat);
        rabat.sendKeys(" ");
        assertThat(browser.switchTo().activeElement().getAttribute("data-item")).isEqualTo("m0-loc");
    }

    @Test
    void whatTheSourceLacksIsVisiblyMarked() {
        backend.answers(TestTexts.answer(VISIT).replace("\"mentions\": [\"Karim Benali\"]", "\"mentions\": [\"Yassine Karimi\"]"));
        digest(TestTexts.article(VISIT));

        WebElement benali = browser.findElement(By.cssSelector("[data-item='m0-p1']"));
        assertThat(benali.getAttribute("class")).contains("ungrounded");
        assertThat(spans("m0-p1")).isEmpty();
        assertThat(browser.findElement(By.id("validation")).getAttribute("textContent"))
                .contains("warnings", "grounding.participant_not_found");
    }

    @Test
    void anUnavailableBackendIsASentenceNotJson() {
        backend.responds(aResponse().withStatus(503));
        submit(TestTexts.article(VISIT));

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(error.getText()).startsWith("The LLM backend is unavailable.").contains("Try again in")
                .doesNotContain("{").doesNotContain("urn:");
    }

    @Test
    void cancelAbortsTheRequest() {
        backend.responds(LlmBackend.completion(TestTexts.answer(VISIT), "stop").withFixedDelay(20_000));
        submit(TestTexts.article(VISIT));

        WebElement cancel = wait.until(ExpectedConditions.elementToBeClickable(By.id("cancel")));
        assertThat(browser.findElement(By.id("status")).getText()).startsWith("Working");
        cancel.click();
        wait.withTimeout(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("status"), "Cancelled."));
        assertThat(browser.findElement(By.id("result")).isDisplayed()).isFalse();
    }

    private void digest(String article) {
        submit(article);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
    }

    private void submit(String article) {
        browser.executeScript("document.getElementById('text').value = arguments[0];", article);
        browser.findElement(By.id("submit")).click();
    }

    @SuppressWarnings("unchecked")
    private List<String> spans(String factId) {
        return (List<String>) browser.executeScript(SPANS_OF, factId);
    }
}
