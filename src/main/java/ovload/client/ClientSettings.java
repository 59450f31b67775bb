package ovload.client;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where and as whom the client talks. Blank {@code apiKey}, {@code account} or {@code user} means
 * "send no such header" (the API doc omits empty headers). {@link #toString()} never shows the key.
 *
 * @param url server base URL, {@code http://} or {@code https://}; a trailing slash is dropped
 * @param timeout per-request timeout, connecting included
 * @param extraHeaders sent on every request after the standard ones (so they may override them)
 */
public record ClientSettings(
    String url,
    String apiKey,
    String account,
    String user,
    Duration timeout,
    Map<String, String> extraHeaders) {

  public static final String DEFAULT_ACCOUNT = "default";
  public static final String DEFAULT_USER = "default";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  // The JDK's HttpClient refuses to let callers set these; say so up front instead of per request.
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  public ClientSettings {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("server url is empty: give one like http://127.0.0.1:1933");
    }
    url = url.strip();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    URI parsed;
    try {
      parsed = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "server url '" + url + "' is not a URL: give one like http://127.0.0.1:1933");
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || parsed.getHost() == null) {
      throw new IllegalArgumentException(
          "server url '" + url + "' needs http:// or https:// and a host, like http://127.0.0.1:1933");
    }
    if (timeout == null) {
      timeout = DEFAULT_TIMEOUT;
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (extraHeaders != null) {
      extraHeaders.forEach(
          (name, value) -> {
            if (name == null || name.isBlank()) {
              throw new IllegalArgumentException("extra header with an empty name: remove it");
            }
            if (RESTRICTED_HEADERS.contains(name.strip().toLowerCase(Locale.ROOT))) {
              throw new IllegalArgumentException(
                  "extra header '" + name + "' is managed by the HTTP client: remove it");
            }
            headers.put(name.strip(), value == null ? "" : value);
          });
    }
    extraHeaders = Map.copyOf(headers);
  }

  /** Default account and user, 60 s timeout, no extra headers. */
  public static ClientSettings of(String url, String apiKey) {
    return new ClientSettings(url, apiKey, DEFAULT_ACCOUNT, DEFAULT_USER, DEFAULT_TIMEOUT, Map.of());
  }

  public ClientSettings withIdentity(String account, String user) {
    return new ClientSettings(url, apiKey, account, user, timeout, extraHeaders);
  }

  public ClientSettings withTimeout(Duration timeout) {
    return new ClientSettings(url, apiKey, account, user, timeout, extraHeaders);
  }

  public ClientSettings withExtraHeaders(Map<String, String> extraHeaders) {
    return new ClientSettings(url, apiKey, account, user, timeout, extraHeaders);
  }

  @Override
  public String toString() {
    return "ClientSettings[url=" + url
        + ", apiKey=" + (apiKey == null || apiKey.isEmpty() ? "<none>" : "<redacted>")
        + ", account=" + account + ", user=" + user + ", timeout=" + timeout
        + ", extraHeaders=" + extraHeaders.keySet() + "]";
  }
}
