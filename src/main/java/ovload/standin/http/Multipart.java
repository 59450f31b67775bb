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
    int pos = indexOf(body, delimiter, 0);
    while (pos >= 0) {
      int headersStart = pos + delimiter.length + 2; // CRLF after the delimiter
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
      int next = indexOf(body, delimiter, headersStart);
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

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
