package ovload.standin.api.clients;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.RouteTable;

/**
 * {@code /api/v1/openviking-assets/resolve} and {@code /preflight}, checked as OpenViking 0.5.2
 * checks them (openviking/server/routers/openviking_assets.py, openviking_assets.py,
 * utils/network_guard.py): the request models, then for preflight the clone URL, its user info and
 * its destination, which must be a code host 0.5.2 knows or a host resolving to public addresses
 * only ({@code 403 PERMISSION_DENIED} otherwise, in 0.5.2's words). What passes would parse YAML
 * manifests or run {@code git ls-remote}: {@code 501 UNIMPLEMENTED}, not emulated.
 */
public final class AssetRoutes {
  /** An IPv4 or IPv6 address written out, which InetAddress reads without a lookup. */
  private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

  private static final Pattern REMOTE_HELPER = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*::");
  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-fA-F]{40}");
  private static final List<String> NETWORK_PREFIXES = List.of("http://", "https://", "git@", "ssh://", "git://");
  private static final List<String> REMOTE_PREFIXES = List.of("http://", "https://", "git@", "ssh://", "git://",
      "tos://");
  /** 0.5.2's default code hosting domains (CodeHostingConfig): trusted without a lookup. */
  private static final Set<String> CODE_HOSTS = Set.of("atomgit.com", "bitbucket.org", "codeberg.org",
      "dev.azure.com", "git.sr.ht", "gitcode.com", "gitea.com", "gitee.com", "github.com", "gitlab.com",
      "ssh.dev.azure.com", "vs-ssh.visualstudio.com", "www.github.com", "www.gitlab.com");
  private static final String NOT_PUBLIC = "HTTP server only accepts public remote resource targets; ";

  public void register(RouteTable routes) {
    String base = "/api/v1/openviking-assets";
    routes.add("POST", base + "/resolve", c -> {
      Body b = c.body(Set.of("manifest_yaml", "catalog_yaml", "manifest_label", "catalog_label"));
      text(b, "manifest_yaml", true, 4_000_000);
      text(b, "catalog_yaml", false, 4_000_000);
      text(b, "manifest_label", false, 1024);
      text(b, "catalog_label", false, 1024);
      throw new ApiException("UNIMPLEMENTED", "OpenViking Assets manifests are not emulated: the stand-in parses no "
          + "YAML manifest");
    }).add("POST", base + "/preflight", c -> {
      Body b = c.body(Set.of("name", "connector", "repo_url", "branch", "commit", "auth_config"));
      String name = text(b, "name", true, 256);
      String connector = text(b, "connector", true, Integer.MAX_VALUE);
      if (!connector.equals("git")) {
        throw ApiException.validation("body.connector", "Input should be 'git'", "literal_error");
      }
      String repoUrl = text(b, "repo_url", true, 8192);
      String branch = text(b, "branch", false, 1024);
      String commit = text(b, "commit", false, 40);
      String token = authToken(c.json().get("auth_config"));
      preflight(name, repoUrl, branch, commit, token);
      throw new ApiException("UNIMPLEMENTED", "Git preflight is not emulated: the stand-in runs no git ls-remote");
    });
  }

  /** A string field of the request model: required or optional (null when absent), 1 to {@code max} characters. */
  private static String text(Body b, String field, boolean required, int max) {
    if (!required && !b.has(field)) {
      return null;
    }
    return bounded(b.text(field), "body." + field, max);
  }

  private static String bounded(String value, String loc, int max) {
    if (value.isEmpty()) {
      throw ApiException.validation(loc, "String should have at least 1 character", "string_too_short");
    }
    if (value.codePointCount(0, value.length()) > max) {
      throw ApiException.validation(loc, "String should have at most " + max + " characters", "string_too_long");
    }
    return value;
  }

  /** GitAuthConfig (extra="forbid"): the token, or null; never echoed. */
  private static String authToken(JsonNode auth) {
    if (auth == null || auth.isNull()) {
      return null;
    }
    if (!auth.isObject()) {
      throw ApiException.validation("body.auth_config", "Input should be a valid dictionary or instance of "
          + "GitAuthConfig", "model_type");
    }
    auth.fieldNames().forEachRemaining(f -> {
      if (!f.equals("username") && !f.equals("token")) {
        throw ApiException.validation("body.auth_config." + f, "Extra inputs are not permitted", "extra_forbidden");
      }
    });
    for (String field : List.of("username", "token")) {
      JsonNode value = auth.get(field);
      if (value != null && !value.isNull() && !value.isTextual()) {
        throw ApiException.validation("body.auth_config." + field, "Input should be a valid string", "string_type");
      }
    }
    JsonNode username = auth.get("username");
    if (username != null && !username.isNull()) {
      bounded(username.asText(), "body.auth_config.username", 256);
    }
    JsonNode token = auth.get("token");
    return token == null || token.isNull() ? null : token.asText();
  }

  /** 0.5.2's checks before it runs git, in its order. */
  private static void preflight(String name, String repoUrl, String branch, String commit, String token) {
    String label = "asset '" + name + "' params.repo_url";
    if (repoUrl.strip().isEmpty()) {
      throw ApiException.invalid(label + " is empty");
    }
    if (repoUrl.chars().anyMatch(ch -> ch < 0x20)) {
      throw ApiException.invalid(label + " contains control characters");
    }
    if (repoUrl.strip().startsWith("-")) {
      throw ApiException.invalid(label + " starts with '-' (git would read it as a flag)");
    }
    if (REMOTE_HELPER.matcher(repoUrl.strip()).find()) {
      throw ApiException.invalid(label + " uses a git remote-helper transport ('helper::...'); use https://, ssh://, "
          + "git://, or a git@host:path URL");
    }
    URI parsed = parse(repoUrl);
    String scheme = parsed == null || parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    if ((scheme.equals("http") || scheme.equals("https")) && parsed.getRawUserInfo() != null) {
      throw ApiException.invalid("HTTP(S) Git URLs cannot contain userinfo; use args.auth_config instead.");
    }
    if (REMOTE_PREFIXES.stream().noneMatch(repoUrl::startsWith)) {
      throw denied("HTTP server only accepts remote resource URLs or temp-uploaded files; direct host filesystem paths "
          + "are not allowed.");
    }
    if (NETWORK_PREFIXES.stream().anyMatch(repoUrl::startsWith)) {
      ensurePublic(repoUrl, parsed);
    }
    String where = "asset '" + name + "'";
    String cleanBranch = branch == null ? "" : branch.strip();
    if (branch != null && cleanBranch.isEmpty()) {
      throw ApiException.invalid(where + ": branch must be a non-empty string when set");
    }
    if (commit != null && commit.strip().isEmpty()) {
      throw ApiException.invalid(where + ": commit must be a non-empty string when set");
    }
    if (commit != null && !FULL_SHA.matcher(commit.strip()).matches()) {
      throw ApiException.invalid(where + ": commit must be a full 40-character hexadecimal SHA");
    }
    if (!cleanBranch.isEmpty() && commit != null) {
      throw ApiException.invalid(where + ": branch and commit are mutually exclusive");
    }
    if (token != null && !token.isEmpty() && !repoUrl.strip().toLowerCase(Locale.ROOT).startsWith("https://")) {
      throw ApiException.invalid(where + ": token authentication requires an HTTPS Git URL");
    }
  }

  private static URI parse(String url) {
    try {
      return new URI(url.strip());
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** network_guard.ensure_public_remote_target: a known code host, or a host whose every address is public. */
  private static void ensurePublic(String source, URI parsed) {
    String host = host(source, parsed);
    if (host == null || host.isEmpty()) {
      throw denied("HTTP server only accepts remote resource URLs with a valid destination host.");
    }
    String normalized = host.replaceAll("\\.+$", "").toLowerCase(Locale.ROOT);
    if (normalized.equals("localhost") || normalized.equals("localhost.localdomain") || normalized.endsWith(".localhost")) {
      throw denied(NOT_PUBLIC + "loopback, link-local, private, and otherwise non-public destinations are not allowed.");
    }
    if (CODE_HOSTS.contains(normalized)) {
      return;
    }
    // the stand-in looks nothing up (it talks to no network but loopback): an address written out
    // is checked, a name is one that could not be resolved, as on a 0.5.2 without a resolver
    InetAddress[] addresses;
    try {
      addresses = ADDRESS_LITERAL.matcher(host).matches() ? InetAddress.getAllByName(host) : new InetAddress[0];
    } catch (UnknownHostException | SecurityException e) {
      addresses = new InetAddress[0];
    }
    if (addresses.length == 0) {
      throw denied(NOT_PUBLIC + "host '" + host + "' could not be resolved to a verifiable public address.");
    }
    Arrays.stream(addresses).filter(a -> !PublicAddress.isGlobal(a)).map(PublicAddress::text)
        .min(Comparator.naturalOrder()).ifPresent(first -> {
          throw denied(NOT_PUBLIC + "host '" + host + "' resolves to non-public address '" + first + "'. To allow "
              + "this, add the domain to its code.<platform>_domains list or code.code_hosting_domains or set "
              + "allow_private_networks=true in your ov.conf.");
        });
  }

  /** The destination host as 0.5.2 extracts it: {@code git@host:path}, else the URL's host, lower case. */
  private static String host(String source, URI parsed) {
    if (source.startsWith("git@")) {
      String rest = source.substring(4);
      String part;
      if (rest.contains("]:")) {
        part = rest.substring(0, rest.indexOf("]:")) + "]";
      } else if (rest.contains(":")) {
        part = rest.substring(0, rest.indexOf(':'));
      } else {
        return null;
      }
      return part.strip().replaceAll("^\\[+|]+$", "");
    }
    if (parsed == null) {
      return null;
    }
    String host = parsed.getHost();
    if (host == null && parsed.getRawAuthority() != null) {
      String authority = parsed.getRawAuthority();
      host = authority.substring(authority.lastIndexOf('@') + 1).replaceFirst(":\\d*$", "");
    }
    return host == null || host.isEmpty() ? null : host.toLowerCase(Locale.ROOT).strip().replaceAll("^\\[+|]+$", "");
  }

  private static ApiException denied(String message) {
    return new ApiException("PERMISSION_DENIED", message, Map.of());
  }
}
