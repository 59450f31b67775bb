package ovload.report.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import ovload.report.model.GatlingStats;

/**
 * The HTML page beside each Markdown report ({@code summary.md} gives {@code summary.html}; sweep,
 * comparison and model-mode reports likewise): the same Markdown, rendered by commonmark-java so
 * every note and error text is escaped by a CommonMark implementation rather than by us. Charts are
 * inlined as {@code data:} URIs so the page stands alone when mailed or archived; the run folder's
 * files named in the report become links; failed rows and failed gates are marked. The page's
 * Content-Security-Policy lets it load nothing but its own inline images and styles.
 */
public final class HtmlSummaryWriter {
  /** Nothing but the page's inline style and its data: images, whatever the Markdown says. */
  static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "svg", "image/svg+xml",
      "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif");
  private static final Pattern NUMBER = Pattern.compile("[-+]?[0-9][0-9.,]*( ?(ms|%|s|x))?|n/a|–");
  private static final String MISSING = "picture missing from the run folder: ";
  /** Tables whose every row is a failure, by the heading above them. */
  private static final List<String> FAILURE_SECTIONS = List.of("Gates that failed");

  private static final String STYLE = """
      body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;
        color:#1f2328;background:#fff;margin:0}
      main{max-width:1500px;margin:0 auto;padding:16px 20px 48px}
      h1{font-size:1.6em;border-bottom:2px solid #d0d7de;padding-bottom:.3em}
      h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #d0d7de;padding-bottom:.2em}
      p.files{font-size:.9em;background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:6px 12px}
      a{color:#0969da}
      code{font:.88em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eff1f3;padding:.1em .35em;
        border-radius:4px;overflow-wrap:anywhere}
      table{border-collapse:collapse;margin:.6em 0;display:block;overflow-x:auto;max-width:100%;font-size:.88em}
      th,td{border:1px solid #d0d7de;padding:3px 6px;white-space:nowrap}
      th{background:#f6f8fa;text-align:left}
      tbody tr:nth-child(even){background:#f9fafb}
      td.num{text-align:right;font-variant-numeric:tabular-nums}
      tr.failed,tbody tr.failed:nth-child(even){background:#ffebe9}
      tr.failed td:first-child{box-shadow:inset 4px 0 #cf222e}
      tr.warn,tbody tr.warn:nth-child(even){background:#fff8c5}
      li.failed{color:#a40e26;font-weight:600}
      p.chart img{display:block;max-width:100%;height:auto;border:1px solid #d0d7de;border-radius:4px}
      .missing{color:#a40e26}
      """;

  private HtmlSummaryWriter() {}

  /** Writes {@code name.html} beside each {@code name.md}, rendered from that file. */
  public static void write(Path... markdownFiles) throws IOException {
    for (Path markdown : markdownFiles) {
      String name = markdown.getFileName().toString();
      String base = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
      Path dir = markdown.toAbsolutePath().normalize().getParent();
      Files.writeString(dir.resolve(base + ".html"), render(Files.readString(markdown, StandardCharsets.UTF_8), dir,
          base.endsWith("_zh") ? "zh" : "en", name), StandardCharsets.UTF_8);
    }
  }

  /** The page of one Markdown report whose relative paths resolve against {@code dir}. */
  static String render(String markdown, Path dir, String lang, String sourceName) throws IOException {
    Node document = PARSER.parse(markdown);
    Heading title = first(document, Heading.class);
    List<Image> images = new ArrayList<>();
    List<Code> codes = new ArrayList<>();
    document.accept(new AbstractVisitor() {
      @Override
      public void visit(Image image) {
        images.add(image);
      }

      @Override
      public void visit(Code code) {
        codes.add(code);
      }
    });
    for (Image image : images) {
      inline(image, dir);
    }
    for (Code code : codes) {
      Path file = inside(dir, code.getLiteral());
      if (file != null && Files.isRegularFile(file)) {
        Link link = new Link(code.getLiteral(), null);
        code.insertBefore(link);
        link.appendChild(code);
      }
    }
    Paragraph nav = files(dir, sourceName);
    if (title != null) {
      title.insertAfter(nav);
    } else {
      document.prependChild(nav);
    }
    HtmlRenderer html = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true)
        .attributeProviderFactory(context -> (node, tag, attributes) -> {
          if (node == nav) {
            attributes.put("class", "files");
          } else {
            mark(node, attributes);
          }
        }).build();
    String titleText = title == null ? sourceName : text(title);
    return "<!DOCTYPE html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + html.render(new Text(titleText)) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n<main>\n"
        + html.render(document) + "</main>\n</body>\n</html>\n";
  }

  /** The image's file as a data: URI, or a visible note where the file is missing. */
  private static void inline(Image image, Path dir) throws IOException {
    Path file = inside(dir, image.getDestination());
    String extension = image.getDestination().substring(image.getDestination().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    if (file != null && Files.isRegularFile(file) && IMAGE_TYPES.containsKey(extension)) {
      image.setDestination("data:" + IMAGE_TYPES.get(extension) + ";base64,"
          + Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
      return;
    }
    Emphasis missing = new Emphasis();
    missing.appendChild(new Text(MISSING + image.getDestination()));
    image.insertBefore(missing);
    image.unlink();
  }

  /** A relative path that stays inside {@code dir}, or null. */
  private static Path inside(Path dir, String relative) {
    if (relative.isEmpty() || relative.contains(":") || relative.startsWith("/")) {
      return null;
    }
    try {
      Path resolved = dir.resolve(relative).normalize();
      return resolved.startsWith(dir) && !resolved.equals(dir) ? resolved : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /** The links a reader of any report wants first: Gatling's report, the CSVs and this page's Markdown source. */
  private static Paragraph files(Path dir, String sourceName) throws IOException {
    List<String> targets = new ArrayList<>();
    String gatling = GatlingStats.reportDir(dir).map(r -> r.getFileName() + "/index.html")
        .filter(i -> Files.isRegularFile(dir.resolve(i))).orElse(null);
    if (gatling != null) {
      targets.add(gatling);
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".csv")).sorted().forEach(targets::add);
    }
    targets.add(sourceName);
    Paragraph nav = new Paragraph();
    nav.appendChild(new Text("Files: "));
    for (int i = 0; i < targets.size(); i++) {
      if (i > 0) {
        nav.appendChild(new Text(" · "));
      }
      String target = targets.get(i);
      Link link = new Link(target, null);
      link.appendChild(new Text(target.equals(gatling) ? "Gatling's report" : target));
      nav.appendChild(link);
    }
    return nav;
  }

  /** Classes that make a failure stand out: rows, failed-gate notes, numeric cells, chart paragraphs. */
  private static void mark(Node node, Map<String, String> attributes) {
    if (node instanceof TableRow row && row.getParent() instanceof TableBody) {
      String mark = RowMark.of(row);
      if (mark != null) {
        attributes.put("class", mark);
      }
    } else if (node instanceof TableCell cell && cell.getParent().getParent() instanceof TableBody
        && NUMBER.matcher(text(cell)).matches()) {
      attributes.put("class", "num");
    } else if (node instanceof ListItem item && text(item).startsWith("gate failed")) {
      attributes.put("class", "failed");
    } else if (node instanceof Paragraph p && p.getFirstChild() instanceof Image && p.getFirstChild() == p.getLastChild()) {
      attributes.put("class", "chart");
    } else if (node instanceof Emphasis e && text(e).startsWith(MISSING)) {
      attributes.put("class", "missing");
    }
  }

  /** Whether a table's body row reports a failure ("failed") or unfinished work ("warn"), from its columns. */
  static final class RowMark {
    private RowMark() {}

    static String of(TableRow row) {
      TableBlock table = (TableBlock) row.getParent().getParent();
      if (FAILURE_SECTIONS.contains(headingAbove(table))) {
        return "failed";
      }
      List<String> columns = cells(first(table, TableHead.class).getFirstChild());
      List<String> cells = cells(row);
      String mark = null;
      for (int i = 0; i < Math.min(columns.size(), cells.size()); i++) {
        String column = columns.get(i).toLowerCase(Locale.ROOT);
        String cell = cells.get(i);
        boolean failed = switch (column) {
          case "error" -> true;
          case "failures", "failed" -> number(cell) > 0;
          case "success_rate" -> number(cell) < 100;
          case "match" -> cell.equals("NO");
          case "status" -> cell.equals("failed");
          case "verdict" -> cell.startsWith("regressed"); // "regressed (p=...)" since compare tests significance
          default -> false;
        };
        if (failed) {
          return "failed";
        }
        if (column.equals("status") && cell.equals("incomplete")) {
          mark = "warn";
        }
      }
      return mark;
    }

    private static String headingAbove(Node node) {
      for (Node n = node.getPrevious(); n != null; n = n.getPrevious()) {
        if (n instanceof Heading h) {
          return text(h);
        }
      }
      return "";
    }

    private static List<String> cells(Node row) {
      List<String> cells = new ArrayList<>();
      for (Node c = row == null ? null : row.getFirstChild(); c != null; c = c.getNext()) {
        cells.add(text(c));
      }
      return cells;
    }

    /** The cell's number; NaN (which compares false) for n/a and other text. */
    private static double number(String cell) {
      try {
        return Double.parseDouble(cell);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
  }

  /** What a node shows as text: its text, code and (escaped on the page) HTML literals, joined. */
  private static String text(Node node) {
    StringBuilder text = new StringBuilder();
    node.accept(new AbstractVisitor() {
      @Override
      public void visit(Text t) {
        text.append(t.getLiteral());
      }

      @Override
      public void visit(Code code) {
        text.append(code.getLiteral());
      }

      @Override
      public void visit(HtmlInline html) {
        text.append(html.getLiteral());
      }
    });
    return text.toString().strip();
  }

  private static <T extends Node> T first(Node parent, Class<T> type) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
      if (type.isInstance(n)) {
        return type.cast(n);
      }
    }
    return null;
  }
}
