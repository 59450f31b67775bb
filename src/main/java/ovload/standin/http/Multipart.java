package ovload.standin.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code file} part of a multipart/form-data body: its file name and bytes. */
public record Multipart(String fileName, byte[] bytes) {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final Pattern DISPOSITION =
      Pattern.compile("name=\"([^\"]*)\"(?:;\\s*filename=\"([^\"]*)\")?", Pattern.CASE_INSENSITIVE);

  static Multipart parse(String contentType, byte[] body) {
    Matcher b = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data") || !b.find()) {
      throw ApiException.invalid("expected multipart/form-data with a boundary");
    }
    byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    int[] delimiterTable = failureTable(delimiter);
    byte[] blankLine = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    int[] blankLineTable = failureTable(blankLine);
    int pos = indexOf(body, delimiter, delimiterTable, 0, body.length);
    while (pos >= 0) {
      int headersStart = pos + delimiter.length + 2; // CRLF after the delimiter
      int next = indexOf(body, delimiter, delimiterTable, headersStart, body.length);
      // a part's headers end within the part: every byte is searched once, whatever the parts
      int headersEnd = next < 0 ? -1 : indexOf(body, blankLine, blankLineTable, headersStart, next);
      if (headersEnd < 0 || next < 0) {
        break;
      }
      String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
      Matcher d = DISPOSITION.matcher(headers);
      if (d.find() && d.group(1).equals("file")) {
        int end = next - 2; // the CRLF before the next delimiter
        String name = d.group(2) == null || d.group(2).isEmpty() ? "upload.bin" : d.group(2);
        return new Multipart(name, Arrays.copyOfRange(body, headersEnd + 4, Math.max(headersEnd + 4, end)));
      }
      pos = next;
    }
    throw ApiException.invalid("multipart body has no 'file' field");
  }

  /**
   * Where {@code pattern} first starts in {@code data[from, to)}, or -1: Knuth-Morris-Pratt, linear
   * in the bytes searched however long the boundary (a naive search is their product).
   */
  private static int indexOf(byte[] data, byte[] pattern, int[] table, int from, int to) {
    int matched = 0;
    for (int i = Math.max(0, from); i < to; i++) {
      while (matched > 0 && data[i] != pattern[matched]) {
        matched = table[matched - 1];
      }
      if (data[i] == pattern[matched]) {
        matched++;
      }
      if (matched == pattern.length) {
        return i - pattern.length + 1;
      }
    }
    return -1;
  }

  /** KMP's table: for each prefix of {@code pattern}, the length of its longest proper border. */
  private static int[] failureTable(byte[] pattern) {
    int[] table = new int[pattern.length];
    for (int i = 1, k = 0; i < pattern.length; i++) {
      while (k > 0 && pattern[i] != pattern[k]) {
        k = table[k - 1];
      }
      if (pattern[i] == pattern[k]) {
        k++;
      }
      table[i] = k;
    }
    return table;
  }
}
