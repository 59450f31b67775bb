package ovload.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** A {@code multipart/form-data} body holding one file field, as the temp upload expects. */
final class MultipartBody {
  private final String boundary;
  private final byte[] bytes;

  private MultipartBody(String boundary, byte[] bytes) {
    this.boundary = boundary;
    this.bytes = bytes;
  }

  static MultipartBody ofFile(String field, Path file) throws IOException {
    String boundary = "ovload-" + UUID.randomUUID();
    String fileName = file.getFileName().toString();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, "--" + boundary + "\r\n");
    write(out, "Content-Disposition: form-data; name=\"" + quoted(field)
        + "\"; filename=\"" + quoted(fileName) + "\"\r\n");
    write(out, "Content-Type: application/octet-stream\r\n\r\n");
    out.write(Files.readAllBytes(file));
    write(out, "\r\n--" + boundary + "--\r\n");
    return new MultipartBody(boundary, out.toByteArray());
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  byte[] bytes() {
    return bytes;
  }

  // A quote or line break in a file name would end the header value early (RFC 7578 escaping).
  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
