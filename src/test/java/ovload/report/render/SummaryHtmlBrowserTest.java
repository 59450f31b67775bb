package ovload.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.config.Connection;
import ovload.report.PostProcessor;
import ovload.report.PostProcessorGoldenTest;
import ovload.report.ReportOptions;
import ovload.support.Json;

/**
 * The small golden run's {@code summary.html} as a reader sees it, in headless Chromium: every chart
 * shows, no Markdown syntax is left on the page, failed rows stand out, no key is on it and it asks
 * for nothing outside its run folder. The full-page screenshot is kept in
 * {@code target/summary-html/small-run.png} for a person to look at.
 */
class SummaryHtmlBrowserTest {
  static final Path SCREENSHOT = Path.of("target/summary-html/small-run.png");

  /** What a reader sees, gathered in the page by the DevTools protocol (the page itself runs no script). */
  private static final String PAGE_FACTS = """
      JSON.stringify({
        images: [...document.images].map(i => ({src: i.getAttribute('src').slice(0, 30), complete: i.complete,
            width: i.naturalWidth})),
        text: document.body.innerText,
        html: document.documentElement.outerHTML,
        srcs: [...document.querySelectorAll('[src]')].map(e => e.getAttribute('src').slice(0, 30)),
        hrefs: [...document.querySelectorAll('[href]')].map(e => e.getAttribute('href')),
        failedRows: document.querySelectorAll('tr.failed').length,
        failedBackground: [...document.querySelectorAll('tr.failed')].map(r => getComputedStyle(r).backgroundColor)[0],
        plainBackground: [...document.querySelectorAll('tbody tr:not(.failed):not(.warn)')]
            .map(r => getComputedStyle(r).backgroundColor)[0],
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]').content
      })""";

  @TempDir Path work;

  @Test
  void theSmallRunsPageShowsItsChartsAndNoMarkdownAndLoadsNothingFromOutside() throws Exception {
    Path runDir = PostProcessorGoldenTest.copyFixture(Files.createDirectories(work.resolve("run")));
    PostProcessor.process(runDir, ReportOptions.defaults());
    Path page = runDir.toRealPath().resolve("summary.html");
    long charts = Pattern.compile("!\\[").matcher(Files.readString(runDir.resolve("summary.md"))).results().count();
    assertTrue(charts >= 5, "the small run's summary.md should show its charts: " + charts);

    JsonNode facts;
    List<String> requests;
    try (HeadlessChromium chromium = HeadlessChromium.start(work)) {
      chromium.open(page);
      facts = Json.MAPPER.readTree(chromium.evaluate(PAGE_FACTS).asText());
      requests = chromium.requestedUrls();
      chromium.screenshot(SCREENSHOT);
    }
    assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot " + SCREENSHOT);

    assertEquals(charts, facts.get("images").size(), "one image per chart");
    for (JsonNode image : facts.get("images")) {
      assertTrue(image.get("complete").asBoolean() && image.get("width").asInt() > 0, "broken image: " + image);
      assertTrue(image.get("src").asText().startsWith("data:image/png;base64,"), "inlined: " + image);
    }

    String text = facts.get("text").asText();
    assertTrue(text.contains("OpenViking load test: 20251123T000000Z"), text);
    for (String raw : List.of("![", "](", "**", "`", "|---", "| ---", "---|")) {
      assertFalse(text.contains(raw), "raw Markdown '" + raw + "' is visible");
    }
    assertFalse(Pattern.compile("(?m)^\\s*#").matcher(text).find(), "a Markdown heading marker is visible");
    assertFalse(Pattern.compile("(?m)^\\s*\\|").matcher(text).find(), "a Markdown table row is visible");

    String html = Files.readString(page);
    for (String secret : new String[] {Connection.DEFAULT_API_KEY, System.getenv("OPENVIKING_API_KEY")}) {
      if (secret != null && !secret.isEmpty()) {
        assertFalse(html.contains(secret) || text.contains(secret), "the page holds the API key");
      }
    }

    assertEquals(HtmlSummaryWriter.CSP, facts.get("csp").asText());
    for (JsonNode src : facts.get("srcs")) {
      assertTrue(src.asText().startsWith("data:"), "external source " + src);
    }
    Path root = runDir.toRealPath();
    for (JsonNode href : facts.get("hrefs")) {
      URI target = page.toUri().resolve(href.asText());
      assertEquals("file", target.getScheme(), "link outside the run folder: " + href);
      Path file = Path.of(target);
      assertTrue(file.normalize().startsWith(root) && Files.exists(file), "link to a missing or outside file: " + href);
    }
    assertTrue(facts.get("hrefs").toString().contains("request_summary.csv"), "the CSVs are linked: " + facts.get("hrefs"));
    assertFalse(requests.isEmpty(), "the network log saw the page load");
    for (String url : requests) {
      assertTrue(url.startsWith("data:") || (url.startsWith("file:") && Path.of(URI.create(url)).normalize().startsWith(root)),
          "request outside the run folder: " + url);
    }

    // 6 error classes, failing operations and failed tasks in the small run: marked, and visibly so
    assertTrue(facts.get("failedRows").asInt() >= 6, "failed rows marked: " + facts.get("failedRows"));
    assertNotEquals(facts.get("plainBackground").asText(), facts.get("failedBackground").asText(), "failed rows stand out");
  }
}
