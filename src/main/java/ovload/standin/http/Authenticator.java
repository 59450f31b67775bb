package ovload.standin.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who is asking, as OpenViking 0.5.2 decides it. In {@code trusted} mode the root key (header
 * {@code X-API-Key} or a bearer token), then account and user headers, are required; in
 * {@code dev} mode the headers are taken as they come, {@code default} where missing.
 */
public record Authenticator(String authMode, String apiKey) {
  Identity identify(NettyFront.Request request) {
    String account = request.header("X-OpenViking-Account");
    String user = request.header("X-OpenViking-User");
    if (authMode.equals("trusted")) {
      String key = request.header("X-API-Key");
      String authorization = request.header("Authorization");
      if (key == null && authorization != null && authorization.startsWith("Bearer ")) {
        key = authorization.substring("Bearer ".length());
      }
      if (key == null) {
        throw new ApiException("UNAUTHENTICATED", "Missing API Key in trusted mode. Send X-API-Key with the value of "
            + "server.root_api_key from the server's ov.conf.");
      }
      if (!MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), apiKey.getBytes(StandardCharsets.UTF_8))) {
        throw new ApiException("UNAUTHENTICATED", "Invalid API Key in trusted mode. The supplied key must match "
            + "server.root_api_key in the server's ov.conf.");
      }
      if (account == null || account.isEmpty() || user == null || user.isEmpty()) {
        throw ApiException.invalid("Trusted mode requests must include X-OpenViking-Account and X-OpenViking-User.");
      }
    }
    return new Identity(account == null || account.isEmpty() ? "default" : account,
        user == null || user.isEmpty() ? "default" : user);
  }

  /**
   * Who a {@code GET /health} asks for, as OpenViking 0.5.2 answers it: only when a key, a bearer
   * token or (trusted mode) both identity headers come with it; a wrong or missing key is
   * {@code 401 UNAUTHENTICATED} there too, any other failure (no identity headers) leaves the
   * answer without identity. Null when there is none to report.
   */
  Identity identifyForHealth(NettyFront.Request request) {
    boolean identityHeaders = authMode.equals("trusted") && present(request.header("X-OpenViking-Account"))
        && present(request.header("X-OpenViking-User"));
    if (request.header("X-API-Key") == null && request.header("Authorization") == null && !identityHeaders) {
      return null;
    }
    try {
      return identify(request);
    } catch (ApiException e) {
      if (e.code.equals("UNAUTHENTICATED")) {
        throw e;
      }
      return null;
    }
  }

  private static boolean present(String header) {
    return header != null && !header.isEmpty();
  }

  /** Never the key: a record's own toString would print it. */
  @Override
  public String toString() {
    return "Authenticator[authMode=" + authMode + "]";
  }
}
