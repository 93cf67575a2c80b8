package dev.seqwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seqwatch.testing.Corpus;
import dev.seqwatch.testing.TestDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The analyst console in a real browser: Debian's headless Chromium driven by its chromedriver.
 * Each page is photographed into target/console-screenshots, and into docs/console when run with
 * {@code -Dseqwatch.screenshots.write=true}. Without Chromium the class fails, saying how to
 * install it ({@code .ci/run} does).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest extends ApiTestSupport {

  private static final Duration PATIENCE = Duration.ofSeconds(15);
  private static final int WIDTH = 1360;
  private static final int HEIGHT = 900;
  private static final Path RULES = TestDirectories.create("seqwatch-console-rules");
  private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final Path DOCS = Path.of("docs", "console");

  private WebDriver browser;
  private WebDriverWait waiting;

  @DynamicPropertySource
  static void extraRulesFolder(DynamicPropertyRegistry registry) {
    registry.add("seqwatch.rules.path", RULES::toString);
  }

  @BeforeAll
  void startChromium() {
    Path chromium = installed("chromium", "chromium-browser", "google-chrome")
        .orElseThrow(() -> new AssertionError(missing("the chromium browser")));
    Path driver = installed("chromedriver")
        .orElseThrow(() -> new AssertionError(missing("chromedriver (Debian package chromium-driver)")));
    ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=" + WIDTH + "," + HEIGHT, "--force-prefers-reduced-motion", "--lang=en");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    waiting = new WebDriverWait(browser, PATIENCE);
  }

  @AfterAll
  void stopChromium() {
    if (browser != null) {
      browser.quit();
    }
  }

  /**
   * Every test starts from a tab that has no key yet. The storage is cleared from a page of the same
   * origin that runs no script, so no console page can store the key again meanwhile.
   */
  @BeforeEach
  void forgetTheKey() {
    browser.get("http://localhost:" + port + "/console/console.css");
    ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
  }

  @Test
  @Order(1)
  void loginTakesAKeyOnceAndRefusesAWrongOne() {
    browser.get(console(""));
    waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    screenshot("login");

    logIn(TestKeys.UNKNOWN_KEY);
    waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "not accepted"));
    logIn(TestKeys.INGEST.key());
    waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "no read role"));
    logIn(TestKeys.READ.key());
    waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "read key"));
    assertThat(browser.findElement(By.id("nav")).isDisplayed()).isTrue();

    browser.navigate().refresh();
    waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("alerts")));
    assertThat(browser.findElement(By.id("login")).isDisplayed()).as("the key is kept for the session").isFalse();

    browser.get(console("#/rules"));
    waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("rules-summary")));
    assertThat(browser.findElements(By.id("reload"))).as("a read key cannot reload rules").isEmpty();
  }

  @Test
  @Order(2)
  void theLiveListShowsAnAlertPostedAfterThePageOpened() {
    Corpus.scenarios().stream().filter(scenario -> !scenario.expected().isEmpty()).skip(1).limit(3)
        .forEach(scenario -> postScenario(scenario, "-earlier"));
    openAs(TestKeys.READ, "#/alerts");
    waiting.until(driver -> driver.findElement(By.id("counts")).getText().contains("alerts in the selected time"));

    String id = postScenario(Corpus.scenarios().get(0), "-live").get("id").asString();

    WebElement row = waiting.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("#alerts tr[data-id='" + id + "']")));
    assertThat(row.getAttribute("class")).contains("fresh");
    assertThat(row.getText()).contains("Potential Reverse Shell via Suspicious Binary", "medium");
    waiting.until(driver -> driver.findElement(By.id("counts")).getText().contains(hostOf(id)));
    screenshot("alerts");
  }

  @Test
  @Order(3)
  void theTimelineOfAKnownChainShowsEachStageWithItsOffset() {
    Corpus.Scenario scenario = Corpus.scenarios().get(0);
    JsonNode alert = postScenario(scenario, "-timeline");
    List<Long> offsets = new ArrayList<>();
    long first = -1;
    for (JsonNode event : alert.get("events")) {
      long at = Instant.parse(event.get("@timestamp").asString()).truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
      first = first < 0 ? at : first;
      offsets.add(at - first);
    }
    assertThat(offsets).hasSize(scenario.expected().get(0).size());

    openAs(TestKeys.READ, "#/alert/" + alert.get("id").asString());
    waiting.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#timeline tbody tr"), offsets.size()));

    List<WebElement> rows = browser.findElements(By.cssSelector("#timeline tbody tr"));
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).findElement(By.cssSelector("td.offset")).getText()).isEqualTo("+" + offsets.get(i) + " ms");
      assertThat(rows.get(i).findElement(By.cssSelector("td.stage")).getText())
          .isEqualTo("stage " + (i + 1) + "/" + rows.size());
    }
    assertThat(rows.get(0).getText()).contains("process.executable", "process.parent.name", "bash");
    assertThat(rows.get(1).getText()).contains("destination.ip", "destination.port");
    assertThat(rows.get(2).getText()).contains("process.name");
    assertThat(browser.findElement(By.id("story")).getText()).isEqualTo(alert.get("reason").asString());
    assertThat(browser.findElement(By.id("mitre")).getText()).contains("Execution (TA0002)", "T1059.004 Unix Shell",
        "Command and Control (TA0011)");
    assertThat(browser.findElement(By.cssSelector("dd[data-key='host.id']")).getText()).contains(hostOf(
        alert.get("id").asString()));
    screenshot("alert");

    browser.findElement(By.id("show-elastic")).click();
    waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("raw"), "kibana.alert.group.id"));
  }

  @Test
  @Order(3)
  void aRevisedChainLinksToTheAlertItRevises() {
    Corpus.Scenario scenario = Corpus.scenarios().get(0);
    JsonNode reported = postScenario(scenario, "-revised");
    JsonNode first = reported.get("events").get(0);
    JsonNode second = reported.get("events").get(1);
    Instant firstAt = Instant.parse(first.get("@timestamp").asString());
    ObjectNode late = (ObjectNode) first.deepCopy();
    late.put("@timestamp", firstAt.plusMillis(
        (Instant.parse(second.get("@timestamp").asString()).toEpochMilli() - firstAt.toEpochMilli()) / 2).toString());
    ((ObjectNode) late.get("event")).put("id", "late-stage-1-revised");
    ((ObjectNode) late.get("event")).remove("sequence");
    Reply verdict = post("/api/v1/events", "application/json", "[" + JSON.writeValueAsString(late) + "]");
    String revision = verdict.json().get("alerts").get(0).get("id").asString();

    openAs(TestKeys.READ, "#/alert/" + revision);
    WebElement revises = waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("revises")));
    assertThat(revises.getText()).contains(reported.get("id").asString());
    revises.findElement(By.tagName("a")).click();
    waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".kv"), reported.get("id").asString()));
  }

  @Test
  @Order(4)
  void aSkippedRuleShowsWhyAfterAnAdminReloads() throws IOException {
    Files.writeString(RULES.resolve("kuery_rule.toml"), """
        [metadata]
        creation_date = "2026/03/02"
        maturity = "production"
        updated_date = "2026/03/02"

        [rule]
        author = ["SeqWatch tests"]
        description = "A KQL rule: SeqWatch runs EQL only."
        from = "now-9m"
        index = ["logs-*"]
        language = "kuery"
        license = "Apache-2.0"
        name = "Console test KQL rule"
        risk_score = 21
        rule_id = "0c0e5a57-console-kuery-rule"
        severity = "low"
        type = "query"
        query = 'process.name : "nc"'
        """, StandardCharsets.UTF_8);

    openAs(TestKeys.ADMIN, "#/rules");
    waiting.until(ExpectedConditions.elementToBeClickable(By.id("reload"))).click();
    waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("reload-result"), "Reloaded"));

    JsonNode skipped = null;
    for (JsonNode file : get("/api/v1/rules/files?status=skipped").json()) {
      if ("0c0e5a57-console-kuery-rule".equals(file.path("rule_id").asString(""))) {
        skipped = file;
      }
    }
    assertThat(skipped).as("the rule-set API lists the KQL rule as skipped").isNotNull();
    WebElement card = waiting.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".rule[data-rule-id='0c0e5a57-console-kuery-rule']")));
    assertThat(card.getAttribute("data-status")).isEqualTo("skipped");
    assertThat(card.findElement(By.cssSelector(".rule-reason")).getText())
        .contains(skipped.get("reason").asString(), skipped.get("message").asString());
  }

  @Test
  @Order(5)
  void theRulesPageShowsEveryRuleWithItsQuery() {
    openAs(TestKeys.ADMIN, "#/rules");
    WebElement bundled = waiting.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".rule[data-rule-id='fa3a59dc-33c3-43bf-80a9-e8437a922c7f']")));
    assertThat(bundled.getAttribute("data-status")).isEqualTo("loaded");
    assertThat(bundled.findElement(By.cssSelector("pre.query")).getText())
        .startsWith("sequence by host.id, process.entity_id with maxspan=1s");
    // The chains posted by the earlier tests matched every stage and were detected.
    assertThat(bundled.findElement(By.cssSelector(".metrics")).getText())
        .containsPattern("conditions tested: [1-9]").containsPattern("stage matches: [1-9]\\d* · [1-9]\\d* · [1-9]\\d*")
        .containsPattern("detections: [1-9]");
    assertThat(browser.findElement(By.id("reload")).isDisplayed()).as("an admin may reload").isTrue();
    screenshot("rules");
  }

  @Test
  @Order(6)
  void thePlaygroundMarksEachEventWithTheStageItMatchedOrTheConditionThatFailed() {
    openAs(TestKeys.READ, "#/playground");
    waiting.until(ExpectedConditions.elementToBeClickable(By.id("pg-example"))).click();
    browser.findElement(By.id("pg-run")).click();
    waiting.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#pg-events-table tbody tr"), 5));

    assertThat(browser.findElement(By.id("pg-total")).getText()).startsWith("1 sequences matched");
    assertThat(mark(0)).isEqualTo("✓ stage 1 of sequence 1");
    assertThat(mark(1)).contains("✗ stage 1: process.executable : (\"/tmp/*\", \"/var/tmp/*\", \"/dev/shm/*\")",
        "✗ stage 2: event.category == \"network\"", "✗ stage 3: process.name : (\"bash\", \"sh\")");
    assertThat(mark(2)).isEqualTo("✓ stage 2 of sequence 1");
    assertThat(mark(3)).isEqualTo("✓ stage 3 of sequence 1");
    assertThat(mark(4)).contains("✗ stage 2: destination.ip != \"127.0.0.1\"");
    screenshot("playground");
  }

  @Test
  @Order(7)
  void buildingBlockAlertsShowOnlyWhenTheAnalystTicksThemIn() throws IOException {
    Files.writeString(RULES.resolve("building_block_rule.toml"), """
        [rule]
        author = ["SeqWatch tests"]
        building_block_type = "default"
        description = "A building block: each account discovery command."
        index = ["logs-endpoint.events.*"]
        language = "eql"
        name = "Console test building block"
        risk_score = 21
        rule_id = "console-building-block"
        severity = "low"
        type = "eql"
        query = 'process where process.name == "whoami"'
        """, StandardCharsets.UTF_8);
    assertThat(exchange("POST", "/api/v1/rules/_reload", null, null, "Authorization", TestKeys.ADMIN.header())
        .status()).isEqualTo(200);
    Reply verdict = post("/api/v1/events", "application/json", """
        [{"@timestamp":"2026-12-07T10:00:00Z","event":{"category":["process"],"type":["start"]},\
        "host":{"id":"console-bb-host"},"process":{"name":"whoami","entity_id":"console-bb-1"}}]""");
    String id = verdict.json().get("alerts").get(0).get("id").asString();
    String row = "#alerts tr[data-id='" + id + "']";

    openAs(TestKeys.READ, "#/alerts");
    waiting.until(driver -> driver.findElement(By.id("counts")).getText().contains("alerts in the selected time"));
    assertThat(browser.findElements(By.cssSelector(row))).as("left out by default").isEmpty();
    assertThat(browser.findElement(By.id("counts")).getText()).doesNotContain("Console test building block");

    browser.findElement(By.id("f-building-blocks")).click();
    browser.findElement(By.cssSelector("#filters button[type='submit']")).click();

    WebElement shown = waiting.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(row)));
    assertThat(shown.getText()).contains("Console test building block", "building block");
  }

  private String mark(int index) {
    return browser.findElement(By.cssSelector("#pg-events-table tr[data-index='" + index + "'] td:last-child"))
        .getText().replace('\n', ' ');
  }

  private void openAs(TestKeys key, String fragment) {
    browser.get(console(""));
    logIn(key.key());
    waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "key"));
    browser.get(console(fragment));
  }

  private void logIn(String key) {
    WebElement field = waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
    field.clear();
    field.sendKeys(key);
    browser.findElement(By.cssSelector("#login-form button")).click();
  }

  /** Posts a corpus scenario, its ids tagged so that its alert is new, and answers the alert. */
  private JsonNode postScenario(Corpus.Scenario scenario, String tag) {
    List<String> events = scenario.events().stream().map(event -> EventsApiTest.rekey(event, tag)).toList();
    Reply verdict = post("/api/v1/events", "application/json", "[" + String.join(",", events) + "]");
    assertThat(verdict.status()).as(verdict.body()).isEqualTo(200);
    return verdict.json().get("alerts").get(0);
  }

  private String hostOf(String alertId) {
    return get("/api/v1/alerts/" + alertId).json().get("join_keys").get("host.id").asString();
  }

  private String console(String fragment) {
    return "http://localhost:" + port + "/console/index.html" + fragment;
  }

  /** The whole page: the window grows to the page's height first. */
  private void screenshot(String name) {
    JavascriptExecutor script = (JavascriptExecutor) browser;
    int height = Math.max(HEIGHT, ((Number) script.executeScript("return document.documentElement.scrollHeight"
        + " + window.outerHeight - window.innerHeight")).intValue());
    browser.manage().window().setSize(new Dimension(WIDTH, height));
    waiting.until(driver -> ((Number) script.executeScript("return window.innerHeight")).intValue()
        >= ((Number) script.executeScript("return document.documentElement.scrollHeight")).intValue());
    try {
      Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
      Files.createDirectories(SCREENSHOTS);
      Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
      if (Boolean.getBoolean("seqwatch.screenshots.write")) {
        Files.createDirectories(DOCS);
        Files.copy(shot, DOCS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      browser.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    }
  }

  private static Optional<Path> installed(String... names) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(names).flatMap(name -> Stream.of(path.split(java.io.File.pathSeparator))
            .map(dir -> Path.of(dir, name)))
        .filter(Files::isExecutable).findFirst();
  }

  private static String missing(String what) {
    return "The console's browser tests need " + what + ", which is not installed. On Debian or Ubuntu run"
        + " `apt-get install -y chromium chromium-driver` (.ci/run installs them before the build).";
  }
}
