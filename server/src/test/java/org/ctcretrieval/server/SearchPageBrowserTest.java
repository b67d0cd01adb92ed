package org.ctcretrieval.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in headless Chromium (Debian's chromium and chromium-driver, installed by scripts/setup.sh; nothing is
 * downloaded): upload the Op. 67 theme, see the orchestra recording first, play its span, see why it matched,
 * search a typed ABC theme, get a clear error for a bad file, and see the index overview. Writes the screenshot
 * that the README shows to target/server-page.png.
 */
class SearchPageBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static SearchServer server;
    private static ChromeDriver driver;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless Chromium and its driver are needed: run scripts/setup.sh (apt-get install chromium chromium-driver)");
        server = ServerFixture.start(ServerFixture.config());
        profile = Files.createTempDirectory("ctcr-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1100,1750", "--autoplay-policy=no-user-gesture-required");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) driver.quit();
        if (server != null) server.close();
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) p.toFile().delete();
            }
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static List<WebElement> resultRows() {
        return driver.findElements(By.cssSelector("#results tbody tr"));
    }

    @Test
    void searchPlayExplainTypeAndErrors() throws Exception {
        driver.get(server.url());
        assertTrue(driver.getTitle().startsWith("ctc-retrieval"), driver.getTitle() + " " + driver.getCurrentUrl() + " " + driver.getPageSource().substring(0, Math.min(500, driver.getPageSource().length())));

        // Upload the Op. 67 theme; the page reads it through /api/score and engraves it.
        driver.findElement(By.id("theme-file")).sendKeys(ServerFixture.theme().toString());
        waiting().until(d -> d.findElement(By.id("status")).getText().contains("Ready to search"));
        waiting().until(d -> Boolean.TRUE.equals(js("const i = document.getElementById('notation');"
                + " return !document.getElementById('notation-box').hidden && i.complete && i.naturalWidth > 0;")));
        assertTrue(driver.findElements(By.cssSelector("#measure-from option")).size() >= 2, "measure choices offered");

        // Search with the keyboard alone: focus the button and press Enter.
        driver.findElement(By.id("search")).sendKeys(Keys.ENTER);
        waiting().until(d -> !resultRows().isEmpty());
        List<WebElement> first = resultRows().get(0).findElements(By.tagName("td"));
        assertEquals("1", first.get(0).getText());
        assertEquals(ServerFixture.OP67, first.get(1).getText());

        // Play exactly the span: the player starts at the match start.
        resultRows().get(0).findElement(By.cssSelector("button.play")).click();
        waiting().until(d -> Boolean.TRUE.equals(js("const p = document.getElementById('player');"
                + " return !p.paused && p.currentTime > 0;")));
        double start = Double.parseDouble((String) js("return document.getElementById('player').dataset.start;"));
        double now = ((Number) js("return document.getElementById('player').currentTime;")).doubleValue();
        assertTrue(now >= start - 0.05, "playback starts at the span: " + now + " vs " + start);
        assertTrue(((String) js("return document.getElementById('player').currentSrc;")).contains("/audio#t="));
        js("document.getElementById('player').pause();");

        // Why it matched: the picture and its description.
        resultRows().get(0).findElement(By.cssSelector("button.why")).click();
        waiting().until(d -> d.findElement(By.id("why-text")).getText().contains("cost"));
        assertTrue(driver.findElement(By.id("why-canvas")).isDisplayed());
        js("window.scrollTo(0, 0);");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "server-page.png"),
                StandardCopyOption.REPLACE_EXISTING);

        // A typed ABC theme (the page's example, the Op. 67 motif), engraved and searched.
        driver.findElement(By.id("use-text")).click();
        waiting().until(d -> d.findElement(By.id("status")).getText().contains("typed-theme.mid"));
        assertTrue(driver.findElement(By.id("theme-caption")).getText().contains("Typed theme (ABC)"));
        assertTrue(driver.findElement(By.id("notation")).isDisplayed(), "the typed theme is engraved");
        driver.findElement(By.id("search")).click();
        waiting().until(d -> d.findElement(By.id("status")).getText().contains("recordings in"));
        assertTrue(!resultRows().isEmpty());
        assertEquals(ServerFixture.OP67, resultRows().get(0).findElements(By.tagName("td")).get(1).getText());

        // A file that is not a score: the server's message is shown.
        Path bad = Files.createTempFile("not-a-score", ".txt");
        Files.writeString(bad, "hello");
        driver.findElement(By.id("theme-file")).sendKeys(bad.toString());
        waiting().until(d -> d.findElement(By.id("error")).isDisplayed());
        String error = driver.findElement(By.id("error")).getText();
        assertTrue(error.contains("422") && error.contains("unrecognised score format"), error);
        Files.delete(bad);

        // A MIDI theme is shown as a piano roll.
        driver.findElement(By.id("theme-file")).sendKeys(ServerFixture.root().resolve("beethoven5_op67_opening.mid").toString());
        waiting().until(d -> d.findElement(By.id("roll-box")).isDisplayed());
        assertTrue(driver.findElement(By.id("roll-caption")).getText().contains("notes"));
        assertTrue(!driver.findElement(By.id("error")).isDisplayed(), "the error of the bad file is gone");

        // The index overview.
        driver.findElement(By.id("nav-index")).click();
        waiting().until(d -> d.findElements(By.cssSelector("#recordings tbody tr")).size() == 2);
        assertTrue(driver.findElement(By.id("index-facts")).getText().contains("v2_ctc_train345valid1"));
    }
}
