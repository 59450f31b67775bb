package ovload.serverside.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromTextTest {
  /** Recorded from a real OpenViking 0.5.2 (scripts/real-server.sh, metrics on) under find/search/session load. */
  private static final Path REAL = Path.of("src/test/resources/serverside/openviking-0.5.2-metrics.txt");

  @Test
  void readsEverySampleAndTypeOfTheRealServersOutput() throws Exception {
    String text = Files.readString(REAL);
    PromText.Scrape scrape = PromText.parse(text);
    long sampleLines = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    assertEquals(sampleLines, scrape.samples().size());
    assertEquals(77, scrape.types().size());
    assertEquals("histogram", scrape.types().get("openviking_http_request_duration_seconds"));
    assertEquals("gauge", scrape.types().get("openviking_queue_pending"));
    assertEquals("counter", scrape.types().get("openviking_vlm_calls_total"));
    PromText.Sample find = find(scrape.samples(), "openviking_http_request_duration_seconds_bucket",
        Map.of("route", "/api/v1/search/find", "status", "200", "le", "+Inf"));
    assertEquals(721, find.value());
    assertEquals("account_id=\"__unknown__\",le=\"+Inf\",method=\"POST\",route=\"/api/v1/search/find\",status=\"200\"",
        find.labelText());
    assertEquals(1.0, find(scrape.samples(), "openviking_queue_pending", Map.of("queue", "SessionCommit")).value());
    assertEquals(56.95980929000689, find(scrape.samples(), "openviking_embedding_call_duration_seconds_sum",
        Map.of("model_name", "mock-embedding")).value());
  }

  @Test
  void escapesSpecialValuesTimestampsAndNoLabels() {
    PromText.Scrape scrape = PromText.parse("# HELP x a help\n# TYPE x gauge\n"
        + "x{path=\"C:\\\\DIR\\\\F.TXT\",err=\"a \\\"quoted\\\"\\nline\"} +Inf 1395066363000\n"
        + "y NaN\nz -Inf\nw{} 3e-3\n");
    assertEquals(4, scrape.samples().size());
    PromText.Sample x = scrape.samples().get(0);
    assertEquals("C:\\DIR\\F.TXT", x.labels().get("path"));
    assertEquals("a \"quoted\"\nline", x.labels().get("err"));
    assertEquals(Double.POSITIVE_INFINITY, x.value());
    assertEquals("path=\"C:\\\\DIR\\\\F.TXT\",err=\"a \\\"quoted\\\"\\nline\"", x.labelText());
    assertTrue(Double.isNaN(scrape.samples().get(1).value()));
    assertEquals(Double.NEGATIVE_INFINITY, scrape.samples().get(2).value());
    assertEquals(0.003, scrape.samples().get(3).value());
  }

  @Test
  void aLineThatIsNotASampleIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PromText.parse("ok 1\nbroken{le=\"1\" 2\n"));
    assertTrue(e.getMessage().startsWith("line 2 "), e.getMessage());
  }

  private static PromText.Sample find(List<PromText.Sample> samples, String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey()))))
        .findFirst().orElseThrow();
  }
}
