package dev.unstuck.chat.console;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real headless Chromium: Alice types the command, Bob approves, the card reaches done and the
 * history page tells the story: the chain as diagnosed beside the chain now, the runs, the report link. Uses the distribution's Chromium and chromedriver; nothing is downloaded.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.temporal.test-server.enabled=true")
@DirtiesContext
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @LocalServerPort
    int port;
    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws IOException {
        // Fail, never skip: a console nobody tested in a browser is not tested.
        assertThat(Files.isExecutable(CHROMIUM)).as(CHROMIUM + " is missing: install the Debian packages chromium"
                + " and chromium-driver (CI installs them)").isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER)).as(CHROMEDRIVER + " is missing: install chromium-driver")
                .isTrue();
        profile = Files.createTempDirectory("unstuck-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void aliceTypesTheCommand_bobApprovesInTheBrowser_andTheHistoryShowsTheRepair() throws IOException {
        try {
            browser.get("http://127.0.0.1:" + port + "/");
            // The page redraws the conversation every second, so an element found a moment ago may be replaced.
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(45));
            wait.ignoring(StaleElementReferenceException.class);
            Select who = new Select(wait.until(d -> {
                WebElement user = d.findElement(By.id("user"));
                return user.findElements(By.tagName("option")).size() >= 2 ? user : null;
            }));
            who.selectByValue("alice");
            browser.findElement(By.id("command")).sendKeys("/ns-stuck dev");
            browser.findElement(By.id("send")).click();

            wait.until(d -> !d.findElements(By.cssSelector("button[data-label='Approve']")).isEmpty());
            String asking = wait.until(d -> d.findElement(By.cssSelector(".live .title")).getText());
            assertThat(asking).isEqualTo("Namespace dev on dev-cluster: awaiting approval");
            who.selectByValue("bob");
            wait.until(d -> {
                d.findElement(By.cssSelector("button[data-label='Approve']")).click();
                return true;
            });

            wait.until(d -> {
                WebElement title = first(d, By.cssSelector(".live .title"));
                return title != null && title.getText().endsWith(": done");
            });
            assertThat(browser.findElements(By.cssSelector(".live button[data-label='Approve']")))
                    .as("approve stays, disabled, once decided").isNotEmpty().allMatch(b -> !b.isEnabled());
            wait.until(d -> d.findElement(By.id("messages")).getText().contains("bob: APPROVED"));
            wait.until(d -> rowText(d, "#sandbox-apiservices tr").contains("Available"));
            assertThat(rowText(browser, "#sandbox-routes tr")).contains("172.16.1.0/24");
            assertThat(rowText(browser, "#sandbox-namespaces tr")).doesNotContain("dev Terminating");

            browser.findElement(By.id("history-link")).click();
            wait.until(d -> !d.findElements(By.cssSelector("#timeline tr[data-kind='finished']")).isEmpty());
            String timeline = browser.findElement(By.id("timeline")).getText();
            assertThat(timeline).contains("remediation of namespace dev on dev-cluster requested")
                    .contains("approve plan").contains("APPROVED (approved by bob)")
                    .contains("created route entry rte-").contains("172.16.1.0/24 -> i-node2")
                    .contains("DONE: namespace dev is gone");
            assertThat(browser.findElement(By.id("phase")).getText()).isEqualTo("done");
            // Side by side: the chain as diagnosed (red where it was broken) and the same objects now (green up to
            // the route; the cloud-controller-manager still looks in the wrong VPC).
            List<String> kinds = List.of("namespace", "apiservice", "service", "pod", "node", "route",
                    "cloud-controller");
            wait.until(d -> attributes(d, "#chains-then", "data-kind").equals(kinds));
            assertThat(attributes(browser, "#chains-then", "data-state")).containsExactly("broken", "broken", "ok",
                    "ok", "ok", "broken", "broken");
            wait.until(d -> attributes(d, "#chains", "data-kind").equals(kinds));
            assertThat(attributes(browser, "#chains", "data-state")).containsExactly("ok", "ok", "ok", "ok", "ok",
                    "ok", "broken");
            assertThat(browser.findElement(By.id("report-link")).getAttribute("href")).contains("/report.md?run=");
            wait.until(d -> rowText(d, "#runs tr").contains("DONE"));
            assertThat(rowText(browser, "#runs tr")).contains("alice", "bob", "created route entry rte-");
        } catch (AssertionError | RuntimeException e) {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Path target = Path.of("target", "console-browser-failure.png");
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            throw e;
        }
    }

    private static WebElement first(WebDriver d, By by) {
        List<WebElement> found = d.findElements(by);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<String> attributes(WebDriver d, String container, String attribute) {
        return d.findElements(By.cssSelector(container + " .chain .link")).stream().map(l -> l.getAttribute(attribute))
                .toList();
    }

    private static String rowText(WebDriver d, String css) {
        return String.join("\n", d.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList());
    }
}
