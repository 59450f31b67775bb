package ovload.report.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's rules without a browser: escaping, inlined pictures, file links, marked rows. */
class HtmlSummaryWriterTest {
  @TempDir Path work;
  private Path dir;

  @BeforeEach
  void runFolder() throws Exception {
    dir = Files.createDirectories(work.resolve("run"));
  }

  private String page(String markdown) throws Exception {
    Path md = Files.writeString(dir.resolve("summary.md"), markdown);
    HtmlSummaryWriter.write(md);
    return Files.readString(dir.resolve("summary.html"));
  }

  private static List<String> rows(String html) {
    return Pattern.compile("<tr[^>]*>.*?</tr>", Pattern.DOTALL).matcher(html).results().map(m -> m.group()).toList();
  }

  @Test
  void textFromTheRunIsEscapedNotInterpreted() throws Exception {
    String html = page("# Run <b>x</b>\n\n- error `<script>alert(1)</script>` and <img src=http://example.org/x.png>\n");
    assertFalse(html.contains("<script>") || html.contains("<img src=http") || html.contains("<b>x"), html);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertTrue(html.contains("<title>Run &lt;b&gt;x&lt;/b&gt;</title>"), html);
    assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"" + HtmlSummaryWriter.CSP + "\">"), html);
  }

  @Test
  void chartsAreInlinedAndAMissingOneSaysSo() throws Exception {
    byte[] png = Base64.getDecoder().decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    Files.createDirectories(dir.resolve("charts"));
    Files.write(dir.resolve("charts/a.png"), png);
    Files.write(dir.resolve("../outside.png"), png);
    String html = page("# R\n\n![there](charts/a.png)\n\n![gone](charts/b.png)\n\n![escape](../outside.png)\n");
    Matcher src = Pattern.compile("<img src=\"data:image/png;base64,([^\"]+)\" alt=\"there\"").matcher(html);
    assertTrue(src.find(), html);
    assertArrayEquals(png, Base64.getDecoder().decode(src.group(1)));
    assertEquals(1, Pattern.compile("<img ").matcher(html).results().count(), "only the file inside the folder is shown");
    assertTrue(html.contains("<em class=\"missing\">picture missing from the run folder: charts/b.png</em>"), html);
    assertTrue(html.contains("picture missing from the run folder: ../outside.png"), html);
  }

  @Test
  void filesOfTheRunFolderAreLinkedAndNothingElse() throws Exception {
    Files.writeString(dir.resolve("errors.csv"), "a\n");
    // Gatling's report folder, as ReportStep moves it into the run folder under Gatling's own name
    Files.createDirectories(dir.resolve("contentionsimulation-20261129091500000/js"));
    Files.writeString(dir.resolve("contentionsimulation-20261129091500000/js/stats.json"), "{}");
    Files.writeString(dir.resolve("contentionsimulation-20261129091500000/index.html"), "<html></html>");
    String html = page("# R\n\nFiles: `errors.csv`, `gates.xml`, `../summary.md`, `http://127.0.0.1:1935`, `/etc/passwd`\n");
    assertTrue(html.contains("<a href=\"errors.csv\"><code>errors.csv</code></a>"), html);
    assertFalse(html.contains("href=\"gates.xml\"") || html.contains("href=\"../") || html.contains("href=\"http")
        || html.contains("href=\"/"), html);
    assertTrue(html.contains("<p class=\"files\">Files: <a href=\"contentionsimulation-20261129091500000/index.html\">Gatling's report</a> · "
        + "<a href=\"errors.csv\">errors.csv</a> · <a href=\"summary.md\">summary.md</a></p>"), html);
  }

  @Test
  void failedRowsAndGatesAreMarkedAndPassingOnesAreNot() throws Exception {
    String html = page("""
        # R

        - gate failed: sdk find p95_ms = 900 > 800
        - gates: 3 passed

        ## Requests

        | adapter | operation | requests | failures | success_rate |
        | --- | --- | --- | --- | --- |
        | sdk | find | 10 | 0 | 100.0 |
        | sdk | search | 10 | 2 | 80.0 |
        | sdk | grep | 10 | n/a | 100.0 |

        ## Compared

        | operation | success_rate |
        | --- | --- |
        | find | 99.5 |
        | grep | 100.0 |

        ## Background tasks

        | task_type | status | tasks |
        | --- | --- | --- |
        | add_resource | completed | 2 |
        | add_resource | failed | 1 |
        | session_commit | incomplete | 1 |

        ## Errors

        | adapter | error | count |
        | --- | --- | --- |
        | sdk | TimeoutError | 1 |

        ## Gates that failed

        | adapter | gate | measured |
        | --- | --- | --- |
        | sdk | find p95_ms <= 800 | 900 |

        ## Gatling vs our events

        | request | gatling | events | match |
        | --- | --- | --- | --- |
        | a | 3 | 3 | yes |
        | b | 4 | 3 | NO |

        | adapter | verdict |
        | --- | --- |
        | sdk | ok |
        | sdk | **regressed** |
        """);
    List<String> body = rows(html).stream().filter(r -> r.contains("<td")).toList();
    List<String> marks = body.stream().map(r -> r.startsWith("<tr class=\"failed\">") ? "failed"
        : r.startsWith("<tr class=\"warn\">") ? "warn" : "-").toList();
    assertEquals(List.of("-", "failed", "-", "failed", "-", "-", "failed", "warn", "failed", "failed", "-", "failed",
        "-", "failed"), marks, String.join("\n", body));
    assertTrue(html.contains("<li class=\"failed\">gate failed: sdk find p95_ms = 900 &gt; 800</li>"), html);
    assertTrue(html.contains("<li>gates: 3 passed</li>"), html);
    assertTrue(html.contains("<td class=\"num\">100.0</td>") && html.contains("<td>find</td>"), html);
  }

  @Test
  void theChineseSummaryGetsItsOwnPageInChinese() throws Exception {
    Path zh = Files.writeString(dir.resolve("summary_zh.md"), "# 压测报告\n\n## 错误 Top\n\n| adapter | error | count |\n"
        + "| --- | --- | --- |\n| sdk | TimeoutError | 1 |\n");
    HtmlSummaryWriter.write(zh);
    String html = Files.readString(dir.resolve("summary_zh.html"));
    assertTrue(html.contains("<html lang=\"zh\">") && html.contains("<title>压测报告</title>"), html);
    assertTrue(html.contains("<tr class=\"failed\">"), html);
  }
}
