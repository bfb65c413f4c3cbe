package dev.precis.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A glossary named on the page: the names, ids and texts it decided are marked in the digest, its notes are listed
 * apart from the warnings, and an unknown glossary is a sentence.
 */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(GlossaryPageProfile.class)
class GlossaryPageTest extends LlmBackendTest {

    private static final String TWO_SPELLINGS = "glossary-two-spellings";
    /** The texts of the source's highlighted pieces that belong to one fact. */
    private static final String PIECES_OF = """
            return [...document.querySelectorAll('#source mark')]
              .filter(mark => mark.dataset.items.split(' ').includes(arguments[0])).map(mark => mark.textContent);""";

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

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @Test
    void theGlossaryNamedOnThePageRenamesTheMinisterAndMarksWhatItDecided() throws Exception {
        backend.answers(TestTexts.answer(TWO_SPELLINGS));
        browser.findElement(By.id("glossary")).sendKeys(GlossaryPageProfile.GLOSSARY);
        digest(TestTexts.article(TWO_SPELLINGS));

        // The model's two spellings of the minister are one participant, named and identified as the glossary says.
        List<WebElement> people = browser.findElements(By.cssSelector("#meeting-0 ul.people > li"));
        assertThat(people).hasSize(2);
        WebElement minister = people.get(1);
        assertThat(minister.findElement(By.cssSelector("[data-item='m0-p1']")).getText()).isEqualTo("Youssef El-Mansouri");
        assertThat(minister.findElement(By.cssSelector(".entity-id")).getText()).isEqualTo("id nr:1047");
        assertThat(pieces("m0-p1")).containsExactly("Youssef El Mansouri", "M. Al-Mansuri", "Al-Mansuri");

        WebElement nameMark = mark(minister, "$.meetings[0].participants[1].name");
        assertThat(nameMark.getText()).isEqualTo("G");
        assertThat(nameMark.getAttribute("title")).contains("\"Youssef El Mansouri\" and \"Al-Mansuri\"",
                "merged as \"Youssef El-Mansouri\"", "id nr:1047");
        assertThat(nameMark.getAttribute("aria-label")).startsWith("Glossary: ").contains("id nr:1047");
        assertThat(nameMark.getAttribute("role")).isEqualTo("img");
        assertThat(nameMark.getAttribute("tabindex")).as("keyboard users reach the note").isEqualTo("0");
        assertThat(mark(minister, "$.meetings[0].participants[1].role").getAttribute("title"))
                .isEqualTo("\"ministre sénégalais de la Pêche\" written as \"Senegal's Minister of Fisheries\" "
                        + "(glossary: title)");
        assertThat(minister.getText()).contains("Senegal's Minister of Fisheries");
        // A keyboard user tabs from the name to its mark and reads the note in a bubble beside it.
        minister.findElement(By.cssSelector("[data-item='m0-p1']")).click();
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getAttribute("data-path"))
                .isEqualTo("$.meetings[0].participants[1].name");
        assertThat(browser.executeScript("return getComputedStyle(document.activeElement, '::after').content"))
                .asString().contains("merged as", "Youssef El-Mansouri", "nr:1047");
        Path focused = Path.of("target/screenshots/glossary-focus.png");
        Files.createDirectories(focused.getParent());
        Files.write(focused, browser.getScreenshotAs(OutputType.BYTES));

        // Karim Benali's name is the model's: no mark on it, no id; only his organisation was the glossary's.
        WebElement benali = people.get(0);
        assertThat(benali.findElement(By.cssSelector("[data-item='m0-p0']")).getText()).isEqualTo("Karim Benali");
        assertThat(benali.findElements(By.cssSelector(".entity-id"))).isEmpty();
        assertThat(benali.findElements(By.cssSelector(".glossary-mark"))).extracting(m -> m.getAttribute("data-path"))
                .containsExactly("$.meetings[0].participants[0].organization");
        assertThat(benali.getText()).contains("National Fisheries Office").doesNotContain("ONP");

        // The place and the texts the model wrote.
        WebElement where = browser.findElement(By.cssSelector("[data-item='m0-loc']")).findElement(By.xpath(".."));
        assertThat(where.findElement(By.cssSelector(".entity-id")).getText()).isEqualTo("id Q3551");
        assertThat(mark(where, "$.meetings[0].location.name").getAttribute("title")).contains("id Q3551");
        WebElement headline = browser.findElement(By.cssSelector("#digest .headline"));
        assertThat(headline.getText()).contains("Senegalese minister Youssef El-Mansouri in Rabat");
        assertThat(mark(headline, "$.headline").getAttribute("title"))
                .isEqualTo("\"Al-Mansuri\" written as \"Youssef El-Mansouri\" (glossary: person, id nr:1047)");
        assertThat(mark(browser.findElement(By.cssSelector("#digest .summary")), "$.summary").getAttribute("title"))
                .contains("\"Office national des pêches\" written as \"National Fisheries Office\"");
        assertThat(browser.findElement(By.cssSelector("#meeting-0")).getText())
                .contains("To discuss sardine quotas for 2027 with the National Fisheries Office.");
        assertThat(browser.findElements(By.cssSelector("#digest .glossary-mark[data-path]")))
                .extracting(m -> m.getAttribute("data-path"))
                .containsExactlyInAnyOrder("$.headline", "$.summary", "$.meetings[0].participants[0].organization",
                        "$.meetings[0].participants[1].name", "$.meetings[0].participants[1].role",
                        "$.meetings[0].location.name", "$.meetings[0].purpose");

        // Notes, not warnings: the validation passed, and they are listed under a heading of their own.
        String validation = browser.findElement(By.id("validation")).getAttribute("textContent");
        assertThat(validation).contains("Validation: passed", "Glossary notes").doesNotContain("Warnings");
        assertThat(browser.findElements(By.cssSelector("#validation ul.glossary-notes > li"))).hasSize(8);
        assertThat(browser.findElements(By.cssSelector("#validation ul.warnings"))).isEmpty();
        assertThat(backend.chatRequests()).hasSize(1);

        Path screenshot = Path.of("target/screenshots/glossary.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void withTheFieldLeftEmptyNoGlossaryApplies() {
        backend.answers(TestTexts.answer(TWO_SPELLINGS));
        digest(TestTexts.article(TWO_SPELLINGS));

        // Open mode has no default glossary: the model's three participants stay as it wrote them.
        assertThat(browser.findElements(By.cssSelector("#meeting-0 ul.people > li"))).hasSize(3);
        assertThat(browser.findElement(By.cssSelector("[data-item='m0-p2']")).getText()).isEqualTo("Al-Mansuri");
        assertThat(browser.findElements(By.cssSelector("#digest .glossary-mark"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#digest .entity-id"))).isEmpty();
        assertThat(browser.findElement(By.id("validation")).getAttribute("textContent")).doesNotContain("Glossary notes");
    }

    @Test
    void anUnknownGlossaryIsASentenceAndTheFieldIsMarked() {
        backend.answers(TestTexts.answer(TWO_SPELLINGS));
        WebElement field = browser.findElement(By.id("glossary"));
        field.sendKeys("sports");
        submit(TestTexts.article(TWO_SPELLINGS));

        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(error.getText()).isEqualTo("No such glossary. No glossary named 'sports' is loaded (available: "
                + "newsroom).");
        assertThat(field.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("glossary");
        assertThat(browser.findElement(By.id("result")).isDisplayed()).isFalse();
        assertThat(backend.requestCount()).isZero();

        // Corrected, the same article goes through and the field is no longer marked.
        field.clear();
        field.sendKeys(GlossaryPageProfile.GLOSSARY);
        digest(TestTexts.article(TWO_SPELLINGS));
        assertThat(field.getAttribute("aria-invalid")).isNull();
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
    }

    private void digest(String article) {
        submit(article);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
    }

    private void submit(String article) {
        browser.executeScript("document.getElementById('text').value = arguments[0];", article);
        browser.findElement(By.id("submit")).click();
    }

    /** The glossary mark for a field, within the element that shows it. */
    private static WebElement mark(WebElement within, String path) {
        return within.findElement(By.cssSelector(".glossary-mark[data-path='" + path + "']"));
    }

    @SuppressWarnings("unchecked")
    private List<String> pieces(String factId) {
        return (List<String>) browser.executeScript(PIECES_OF, factId);
    }
}
