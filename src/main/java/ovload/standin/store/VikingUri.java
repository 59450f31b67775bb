package ovload.standin.store;

import java.util.Map;
import java.util.regex.Pattern;
import ovload.standin.http.ApiException;

/** {@code viking://} URIs as the server accepts them: a root, then plain path segments. */
public final class VikingUri {
  private static final Pattern SEGMENT = Pattern.compile("[^/\\\\\\x00-\\x1f]+");

  private VikingUri() {}

  /** The normalised URI (no trailing slash), or INVALID_URI naming what is wrong. */
  public static String check(String uri) {
    if (uri == null || uri.isEmpty()) {
      throw invalid(uri == null ? "" : uri, "URI must not be empty");
    }
    if (!uri.startsWith("viking://")) {
      throw invalid(uri, "URI must start with 'viking://'");
    }
    String path = uri.substring("viking://".length());
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty()) {
      return "viking://";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) { // OpenViking 0.5.2 refuses traversal before anything else
        throw new ApiException("PERMISSION_DENIED", "Unsafe URI traversal segment '..' in " + uri,
            Map.of("resource", uri));
      }
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || !SEGMENT.matcher(segment).matches()) {
        throw invalid(uri, "invalid path segment '" + segment + "'");
      }
    }
    return "viking://" + path;
  }

  private static ApiException invalid(String uri, String reason) {
    return new ApiException("INVALID_URI", "Invalid URI: " + uri + " (" + reason + ")",
        Map.of("reason", reason, "uri", uri));
  }

  /**
   * The name a file uploaded as {@code raw} gets, as OpenViking 0.5.2 names it: the part after the
   * last {@code /}, without backslashes and control characters (NUL included); a name left empty
   * or of dots only becomes {@code section.md}, the name 0.5.2 gives an untitled document. So no
   * upload name makes an entry that its own URI cannot reach.
   */
  public static String fileName(String raw) {
    String name = raw == null ? "" : raw.substring(raw.lastIndexOf('/') + 1);
    StringBuilder kept = new StringBuilder(name.length());
    name.chars().filter(c -> c != '\\' && c >= 0x20 && c != 0x7f).forEach(c -> kept.append((char) c));
    String clean = kept.toString().strip();
    return clean.chars().allMatch(c -> c == '.') ? "section.md" : clean;
  }

  public static String parent(String uri) {
    int slash = uri.lastIndexOf('/');
    return slash <= "viking://".length() - 1 ? null : uri.substring(0, slash);
  }

  public static String name(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  public static boolean isUnder(String uri, String root) {
    return root.equals("viking://") || uri.equals(root) || uri.startsWith(root + "/");
  }
}
