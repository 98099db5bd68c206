package io.chorus.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.console.ConsoleFixtures;
import io.chorus.console.ConsoleStack;
import io.chorus.schemas.avro.LabeledClip;
import io.chorus.schemas.avro.ReviewReason;
import io.chorus.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reviewer answers a review request in a real headless Chromium (Debian's chromium and
 * chromium-driver, driven by Selenium): log in, open the first request, the audio is 3 s long and
 * the spectrogram has loaded, tick two species with the keyboard, press Enter; labeled.clips then
 * holds the clip with exactly those labels and the reviewer's name, and a second reviewer sees the
 * item taken while it is open and not at all once answered. Screenshots for the docs land in
 * target/screenshots. Skips with one log line where no Chromium and driver are installed
 * ({@code .ci/run} installs them from Debian when it can).
 */
class ReviewInChromiumTest {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewInChromiumTest.class);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;

    static Optional<Path> executable(String... names) {
        for (String n : names) {
            for (String d : List.of("/usr/bin", "/usr/local/bin", "/usr/lib/chromium")) {
                Path p = Path.of(d, n);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private static WebDriver chromium(Path browser, Path driver) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1100",
                "--autoplay-policy=no-user-gesture-required", "--mute-audio");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build();
        return new ChromeDriver(service, options);
    }

    private static void login(WebDriver d, String base, String user) {
        d.get(base + "/login");
        d.findElement(By.id("username")).sendKeys(user);
        d.findElement(By.id("password")).sendKeys(user + "-pw");
        d.findElement(By.id("login")).click();
        try {
            new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> x.getCurrentUrl().endsWith("/queue"));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(user + " did not reach the queue after logging in; at " + d.getCurrentUrl() + " the page says: "
                    + d.findElement(By.tagName("body")).getText(), e);
        }
    }

    private static void screenshot(WebDriver d, String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aReviewerAnswersInChromiumAndTheClipCarriesTheirLabels() throws Exception {
        Optional<Path> browser = executable("chromium", "chromium-browser", "google-chrome");
        Optional<Path> driver = executable("chromedriver");
        if (browser.isEmpty() || driver.isEmpty()) {
            LOG.warn("ReviewInChromiumTest skipped: no chromium and chromedriver found (apt-get install chromium chromium-driver)");
            Assumptions.abort("no chromium / chromedriver on this machine");
        }
        try (ConsoleStack stack = new ConsoleStack(dir)) {
            Instant now = Instant.now();
            // A rare-species request: first in the queue. Top scores: ADEDIP 0.55, BOAFAB 0.48, LEPPOD 0.2 ...
            stack.send(Topics.REVIEW_REQUESTS, "br-1", ConsoleFixtures.request("br-1", ReviewReason.RARE_SPECIES, now.minusSeconds(60),
                    now.minusSeconds(50), 0.05f, 0.1f, 0.48f, 0.2f, 0.02f, 0.55f));
            stack.send(Topics.REVIEW_REQUESTS, "br-2", ConsoleFixtures.request("br-2", ReviewReason.UNCERTAIN, now.minusSeconds(30),
                    now.minusSeconds(20), 0.4f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f));
            Instant unsent = now.minusSeconds(10).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            for (var chunk : ConsoleFixtures.chunks("rec-1", unsent, 3)) {
                stack.send(Topics.AUDIO_CHUNKS, "rec-1", chunk);
            }
            stack.send(Topics.ALERTS, "S1/ADEDIP", ConsoleFixtures.alert("alert-br-1", "ADEDIP", true, now,
                    List.of("w-br-1", ConsoleFixtures.windowId("rec-1", unsent))));
            List<WebDriver> drivers = new ArrayList<>();
            try {
                WebDriver alice = chromium(browser.get(), driver.get());
                drivers.add(alice);
                WebDriver bob = chromium(browser.get(), driver.get());
                drivers.add(bob);
                login(alice, stack.url(), "alice");
                new WebDriverWait(alice, Duration.ofSeconds(60)).until(d -> {
                    d.navigate().refresh();
                    return !d.findElements(By.cssSelector("tr[data-request='br-2']")).isEmpty();
                });
                alice.findElement(By.cssSelector("#queue tbody tr:first-child a")).click();
                new WebDriverWait(alice, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().endsWith("/review/br-1"));

                JavascriptExecutor js = (JavascriptExecutor) alice;
                new WebDriverWait(alice, Duration.ofSeconds(20)).until(d -> ((Number) js.executeScript(
                        "return document.getElementById('clip').readyState")).intValue() >= 1);
                double duration = ((Number) js.executeScript("return document.getElementById('clip').duration")).doubleValue();
                assertThat(duration).as("audio element duration (s)").isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.01));
                new WebDriverWait(alice, Duration.ofSeconds(20)).until(d -> (Boolean) js.executeScript(
                        "const i = document.getElementById('spectrogram'); return i.complete && i.naturalWidth > 0"));
                long width = ((Number) js.executeScript("return document.getElementById('spectrogram').naturalWidth")).longValue();
                assertThat(width).isGreaterThan(200);

                // bob sees the request taken while alice has it open, and cannot open it.
                login(bob, stack.url(), "bob");
                assertThat(bob.findElement(By.cssSelector("tr[data-request='br-1']")).getAttribute("class")).contains("taken");
                assertThat(bob.findElements(By.cssSelector("tr[data-request='br-1'] a"))).isEmpty();
                bob.get(stack.url() + "/review/br-1");
                assertThat(bob.findElement(By.id("error")).getText()).contains("is open by alice");

                // Keys 1 and 2 tick the two top-scored species (ADEDIP, BOAFAB); Enter submits.
                new Actions(alice).sendKeys("1").sendKeys("2").perform();
                assertThat(alice.findElement(By.id("sp-ADEDIP")).isSelected()).isTrue();
                assertThat(alice.findElement(By.id("sp-BOAFAB")).isSelected()).isTrue();
                screenshot(alice, "console-review.png");
                new Actions(alice).sendKeys(org.openqa.selenium.Keys.ENTER).perform();
                new WebDriverWait(alice, Duration.ofSeconds(20)).until(d -> d.getCurrentUrl().endsWith("/review/br-2"));

                List<LabeledClip> clips = stack.readUntil(Topics.LABELED_CLIPS, c -> c.getClipId().equals("br-1"), Duration.ofSeconds(60));
                LabeledClip clip = clips.stream().filter(c -> c.getClipId().equals("br-1")).findFirst()
                        .orElseThrow(() -> new AssertionError("no clip br-1 on labeled.clips after 60 s"));
                List<String> labelled = new ArrayList<>();
                for (int i = 0; i < clip.getLabelSpace().size(); i++) {
                    if (clip.getMultiHot().get(i) == 1) {
                        labelled.add(clip.getLabelSpace().get(i));
                    }
                }
                assertThat(labelled).containsExactlyInAnyOrder("ADEDIP", "BOAFAB");
                assertThat(clip.getAnnotator()).isEqualTo("alice");

                bob.get(stack.url() + "/queue");
                assertThat(bob.findElements(By.cssSelector("tr[data-request='br-1']"))).as("answered request in bob's queue").isEmpty();
                assertThat(bob.findElements(By.cssSelector("tr[data-request='br-2']"))).isNotEmpty();

                alice.get(stack.url() + "/alerts");
                screenshot(alice, "console-alerts.png");
                alice.get(stack.url() + "/alerts/alert-br-1");
                new WebDriverWait(alice, Duration.ofSeconds(20)).until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                        "const i = document.querySelectorAll('img.spectrogram'); return i.length == 2 && [...i].every(x => x.complete && x.naturalWidth > 0)"));
                screenshot(alice, "console-alert.png");
            } finally {
                drivers.forEach(WebDriver::quit);
            }
        }
    }
}
