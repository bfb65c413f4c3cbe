package dev.precis.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.precis.security.KeysProfile;
import dev.precis.support.LlmBackendTest;
import dev.precis.support.TestTexts;
import dev.precis.support.WireMockLlm;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** With API keys on, the page asks for a key and keeps it for the tab only. */
@QuarkusTest
@QuarkusTestResource(WireMockLlm.class)
@TestProfile(KeysProfile.class)
class DigestPageKeysTest extends LlmBackendTest {

    private ChromeDriver browser;

    @AfterEach
    void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void thePageAsksForAKeyAndKeepsItInSessionStorageOnly() throws Exception {
        backend.answers(TestTexts.answer("visit-security-chiefs"));
        browser = Browser.start();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get("http://localhost:" + RestAssured.port + "/");

        WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        key.sendKeys(KeysProfile.DESK_KEY);
        browser.executeScript("document.getElementById('text').value = arguments[0];",
                TestTexts.article("visit-security-chiefs"));
        browser.findElement(By.id("submit")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("result")));
        assertThat(browser.executeScript("return sessionStorage.getItem('precis.apiKey')")).isEqualTo(KeysProfile.DESK_KEY);
        assertThat(browser.executeScript("return localStorage.length")).isEqualTo(0L);
        assertThat(backend.chatRequests()).hasSize(1);
    }
}
