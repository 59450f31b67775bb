package ovload.adapters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The head of one HTTP/1.1 message as {@link ServerTimeRelay} forwards it: the start line and the
 * header fields in their order, read up to the blank line and written back as read (less what the
 * relay drops). Its body's framing follows RFC 9112 section 6: chunked, a length, or none.
 */
final class HttpHead {
  /** A head longer than this is no HTTP a client of ours sends: the connection is dropped. */
  static final int MAX_BYTES = 64 * 1024;

  final String startLine;
  final List<String[]> fields;

  private HttpHead(String startLine, List<String[]> fields) {
    this.startLine = startLine;
    this.fields = fields;
  }

  /** The next head on {@code in}; null at a clean end of stream before its first byte. */
  static HttpHead read(InputStream in) throws IOException {
    String start = line(in, true);
    if (start == null) {
      return null;
    }
    List<String[]> fields = new ArrayList<>();
    int total = start.length();
    for (String field = line(in, false); !field.isEmpty(); field = line(in, false)) {
      total += field.length();
      int colon = field.indexOf(':');
      if (colon <= 0 || total > MAX_BYTES) {
        throw new IOException("not an HTTP header field");
      }
      fields.add(new String[] {field.substring(0, colon).trim(), field.substring(colon + 1).trim()});
    }
    return new HttpHead(start, fields);
  }

  /** One line without its CRLF (a bare LF is accepted); null at end of stream before a byte when {@code mayEnd}. */
  private static String line(InputStream in, boolean mayEnd) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        if (mayEnd && bytes.size() == 0) {
          return null;
        }
        throw new IOException("the connection closed inside an HTTP head");
      }
      if (bytes.size() >= MAX_BYTES) {
        throw new IOException("an HTTP head line is too long");
      }
      bytes.write(b);
    }
    String line = bytes.toString(StandardCharsets.ISO_8859_1);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  String value(String name) {
    for (String[] field : fields) {
      if (field[0].equalsIgnoreCase(name)) {
        return field[1];
      }
    }
    return null;
  }

  boolean chunked() {
    String coding = value("Transfer-Encoding");
    return coding != null && coding.toLowerCase(Locale.ROOT).contains("chunked");
  }

  /** The Content-Length, or -1 when absent. */
  long length() throws IOException {
    String value = value("Content-Length");
    try {
      return value == null ? -1 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IOException("a bad Content-Length: " + value);
    }
  }

  /** Whether the sender asked to close the connection after this message. */
  boolean closes() {
    String connection = value("Connection");
    return connection != null && connection.toLowerCase(Locale.ROOT).contains("close")
        || startLine.startsWith("HTTP/1.0") || startLine.endsWith("HTTP/1.0");
  }

  /** This head with another start line and without the named fields. */
  HttpHead with(String newStartLine, String... dropped) {
    List<String[]> kept = new ArrayList<>();
    for (String[] field : fields) {
      if (List.of(dropped).stream().noneMatch(field[0]::equalsIgnoreCase)) {
        kept.add(field);
      }
    }
    return new HttpHead(newStartLine, kept);
  }

  /** This head with {@code name} set to {@code value}, replacing any field of that name. */
  HttpHead withField(String name, String value) {
    HttpHead head = with(startLine, name);
    head.fields.add(new String[] {name, value});
    return head;
  }

  /** The body that follows this head, read whole: for a message framed by a length (the caller checks). */
  byte[] readBody(InputStream in) throws IOException {
    long length = length();
    byte[] body = in.readNBytes((int) Math.max(length, 0));
    if (body.length < length) {
      throw new IOException("the connection closed inside an HTTP body");
    }
    return body;
  }

  void write(OutputStream out) throws IOException {
    StringBuilder text = new StringBuilder(startLine).append("\r\n");
    for (String[] field : fields) {
      text.append(field[0]).append(": ").append(field[1]).append("\r\n");
    }
    out.write(text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * Copies the body that follows this head from {@code in} to {@code out} as it comes; {@code
   * untilClose} for a response with no framing, whose body ends with the connection. Returns false
   * when the body ran to the end of the stream (the connection is then done).
   */
  boolean copyBody(InputStream in, OutputStream out, boolean untilClose) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    if (chunked()) {
      for (;;) {
        String sizeLine = line(in, false);
        out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        int semicolon = sizeLine.indexOf(';');
        long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
        if (size == 0) { // the trailer section, up to its blank line
          for (String trailer = line(in, false); ; trailer = line(in, false)) {
            out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (trailer.isEmpty()) {
              out.flush();
              return true;
            }
          }
        }
        copy(in, out, size + 2, buffer); // the chunk and its CRLF
        out.flush();
      }
    }
    long length = length();
    if (length >= 0) {
      copy(in, out, length, buffer);
      out.flush();
      return true;
    }
    if (untilClose) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
      return false;
    }
    out.flush();
    return true;
  }

  private static void copy(InputStream in, OutputStream out, long count, byte[] buffer) throws IOException {
    for (long left = count; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("the connection closed inside an HTTP body");
      }
      out.write(buffer, 0, n);
      out.flush();
      left -= n;
    }
  }
}
