package dev.unstuck.chat.console;

import dev.unstuck.watch.WatcherRounds;
import io.temporal.client.WorkflowClient;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drill in a real headless Chromium, as people run it: the sandbox panel breaks the cloud-controller-manager and
 * deletes node 2's route and namespace payments; the Alerts view shows the one card, Alice's click opens the
 * remediation's conversation, Bob approves, and the card turns resolved.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.temporal.test-server.enabled=true", "unstuck.sandbox.scenario=healthy",
                "unstuck.watch.namespace-stuck-after=3s", "unstuck.watch.max-wait=10s"})
@DirtiesContext
class AlertsInTheBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @LocalServerPort
    int port;
    @Autowired
    WorkflowClient temporal;
    private WebDriver browser;
    private Path profile;

    @BeforeEach
    void openBrowser() throws IOException {
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
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
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
    void theSandboxPanelsDrillsRaiseOneCard_whoseButtonOpensTheRemediation_andTheCardTurnsResolved()
            throws IOException {
        try {
            browser.get("http://127.0.0.1:" + port + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.ignoring(StaleElementReferenceException.class);
            Select who = new Select(wait.until(d -> {
                WebElement user = d.findElement(By.id("user"));
                return user.findElements(By.tagName("option")).size() >= 2 ? user : null;
            }));
            who.selectByValue("alice");
            wait.until(d -> d.findElement(By.id("alerts-empty")).isDisplayed());
            // The bot has been watching a while: its first route audit found every route.
            WatcherRounds.awaitFirstAudit(temporal, "dev-cluster", Duration.ofSeconds(30));

            click(wait, d -> d.findElement(By.cssSelector("#sandbox-ccm button[data-drill='break-ccm']")));
            wait.until(d -> d.findElement(By.id("sandbox-ccm")).getText().contains("vpc-typo-hz001"));
            click(wait, d -> d.findElement(By.cssSelector("#sandbox-routes tr[data-destination='172.16.1.0/24']"
                    + " button[data-drill='delete-route']")));
            wait.until(d -> d.findElements(By.cssSelector("#sandbox-routes tr[data-destination='172.16.1.0/24']"))
                    .isEmpty());
            click(wait, d -> d.findElement(By.cssSelector("#sandbox-namespaces tr[data-name='payments']"
                    + " button[data-drill='delete-namespace']")));
            // The notice still shows the route drill's until the panel has the namespace drill's answer.
            String notice = wait.until(d -> {
                String text = d.findElement(By.id("sandbox-notice")).getText();
                return text.contains("namespace") ? text : null;
            });
            assertThat(notice).isEqualTo("deleted namespace payments");

            By start = By.cssSelector("#alert-cards li.open button[data-label='Start remediation (payments)']");
            wait.until(d -> !d.findElements(start).isEmpty());
            assertThat(browser.findElements(By.cssSelector("#alert-cards li"))).hasSize(1);
            assertThat(browser.findElement(By.cssSelector("#alert-cards li.open .title")).getText())
                    .isEqualTo("APIService v1beta1.metrics.k8s.io is unavailable on dev-cluster");
            click(wait, d -> d.findElement(start));

            wait.until(d -> !d.findElements(By.cssSelector(".live button[data-label='Approve']")).isEmpty());
            assertThat(browser.getCurrentUrl()).contains("#c-");
            assertThat(browser.findElement(By.cssSelector(".live .title")).getText())
                    .isEqualTo("Namespace payments on dev-cluster: awaiting approval");
            who.selectByValue("bob");
            click(wait, d -> d.findElement(By.cssSelector(".live button[data-label='Approve']")));

            wait.until(d -> !d.findElements(By.cssSelector("#alert-cards li.resolved")).isEmpty());
            String resolved = browser.findElement(By.cssSelector("#alert-cards li.resolved")).getText();
            assertThat(resolved).contains("Resolved: APIService v1beta1.metrics.k8s.io")
                    .contains("by remediation unstuck/dev-cluster/payments (approved by bob)");
            assertThat(browser.findElements(By.cssSelector("#alert-cards li"))).hasSize(1);
            assertThat(browser.findElement(By.id("alerts-count")).getText()).isEqualTo("0 open, 1 resolved");
        } catch (AssertionError | RuntimeException e) {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Path target = Path.of("target", "alerts-browser-failure.png");
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            throw e;
        }
    }

    /** Clicks what the page shows now: it redraws every second, so a button found a moment ago may be replaced. */
    private static void click(WebDriverWait wait, Function<WebDriver, WebElement> find) {
        wait.until(d -> {
            find.apply(d).click();
            return true;
        });
    }
}
