package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its own chromedriver (both paths given: nothing is ever
 * downloaded), for the pages' browser tests. {@link #check} runs axe-core (from its WebJar on the
 * test class path) in the page and saves full-page screenshots at a phone's and a desktop's width
 * under {@code target/screenshots/}. Without Chromium a test is skipped with a message, except
 * under {@code CI=true}, where it fails.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final int PHONE = 390;
  static final int DESKTOP = 1280;

  private static final String AXE = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChromeDriver driver;
  private final Path profile;
  private final String name;
  private final String axe;
  private int shots;

  private Browser(ChromeDriver driver, Path profile, String name, String axe) {
    this.driver = driver;
    this.profile = profile;
    this.name = name;
    this.axe = axe;
  }

  /**
   * A fresh browser (its own profile) for the test {@code name}; skips the test when Chromium or
   * chromedriver is missing, unless {@code CI=true}.
   */
  static Browser open(String name) throws IOException {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError(
          "CI=true but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: .ci/run installs them");
    }
    assumeTrue(
        present,
        "skipped: the browser tests need "
            + CHROMIUM
            + " and "
            + CHROMEDRIVER
            + " (apt-get install chromium chromium-driver)");
    Path profile = dev.vigil.testkit.TempPaths.directory("vigil-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-dev-shm-usage",
        "--disable-features=PasswordLeakDetection,Translate",
        "--user-data-dir=" + profile,
        "--window-size=" + DESKTOP + ",900");
    options.setExperimentalOption(
        "prefs",
        Map.of("credentials_enable_service", false, "profile.password_manager_enabled", false));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    try (InputStream in = Browser.class.getResourceAsStream(AXE)) {
      assertThat(in).as(AXE + " on the test class path").isNotNull();
      return new Browser(
          driver, profile, name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  ChromeDriver driver() {
    return driver;
  }

  void go(String url) {
    driver.get(url);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /**
   * Clicks {@code css} and waits (at most 10 s) until the browser has left the page, so that what
   * is read next is the next page: a form post or a link.
   */
  void submit(String css) {
    submit(find(css));
  }

  /** As {@link #submit(String)}, for an element found already. */
  void submit(WebElement e) {
    WebElement page = find("html");
    try {
      e.click();
    } catch (WebDriverException navigating) {
      // chromedriver may look at the clicked node once the navigation it caused has begun
      if (!String.valueOf(navigating.getMessage()).contains("does not belong to the document")) {
        throw navigating;
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        page.isEnabled();
      } catch (StaleElementReferenceException gone) {
        waitUntilLoaded(deadline);
        return;
      } catch (WebDriverException gone) {
        // the same, as chromedriver sometimes words it while the next page replaces this one
        if (!String.valueOf(gone.getMessage()).contains("does not belong to the document")) {
          throw gone;
        }
        waitUntilLoaded(deadline);
        return;
      }
      pause();
    }
    throw new AssertionError("the page did not change within 10 s after clicking " + e);
  }

  private void waitUntilLoaded(long deadline) {
    while (!"complete".equals(driver.executeScript("return document.readyState"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the next page did not finish loading within 10 s");
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20); // polling the browser, as Eventually does
    } catch (InterruptedException i) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", i);
    }
  }

  void type(String css, String text) {
    WebElement e = find(css);
    e.clear();
    e.sendKeys(text);
  }

  String path() {
    java.net.URI u = java.net.URI.create(driver.getCurrentUrl());
    return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  /**
   * Checks the page as it stands: axe-core finds no violation of serious or critical impact, at a
   * phone's width and at a desktop's, and a full-page screenshot of each is saved as {@code
   * target/screenshots/<test>-<n>-<step>-<width>.png}.
   */
  void check(String step) throws IOException {
    shots++;
    for (int width : new int[] {PHONE, DESKTOP}) {
      driver.executeCdpCommand(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", width, "height", 900, "deviceScaleFactor", 1, "mobile", width == PHONE));
      assertThat(seriousViolations()).as("axe-core on " + step + " at " + width + " px").isEmpty();
      screenshot(String.format("%s-%02d-%s-%d.png", name, shots, step, width));
    }
    driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
  }

  private List<String> seriousViolations() throws IOException {
    if (!Boolean.TRUE.equals(driver.executeScript("return typeof window.axe === 'object'"))) {
      driver.executeScript(axe);
    }
    Object result =
        driver.executeAsyncScript(
            "var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done('ERROR ' + e); });");
    String text = String.valueOf(result);
    assertThat(text).as("axe-core ran").doesNotStartWith("ERROR");
    List<String> serious = new ArrayList<>();
    for (JsonNode v : JSON.readTree(text)) {
      String impact = v.path("impact").asText();
      if (impact.equals("serious") || impact.equals("critical")) {
        List<String> where = new ArrayList<>();
        v.path("nodes").forEach(n -> where.add(n.path("target").toString()));
        serious.add(
            impact + " " + v.path("id").asText() + ": " + v.path("help").asText() + " at " + where);
      }
    }
    return serious;
  }

  @SuppressWarnings("unchecked")
  private void screenshot(String file) throws IOException {
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    Number w = (Number) size.get("width");
    Number h = (Number) size.get("height");
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", 0, "y", 0, "width", w, "height", h, "scale", 1)));
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(file), Base64.getDecoder().decode((String) shot.get("data")));
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
