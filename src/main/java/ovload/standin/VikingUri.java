package ovload.standin;

import java.util.regex.Pattern;

/** {@code viking://} URIs as the server accepts them: a root, then plain path segments. */
final class VikingUri {
  private static final Pattern SEGMENT = Pattern.compile("[^/\\\\\\x00-\\x1f]+");

  private VikingUri() {}

  /** The normalised URI (no trailing slash), or INVALID_URI naming what is wrong. */
  static String check(String uri) {
    if (uri == null || uri.isEmpty()) {
      throw new ApiException("INVALID_URI", "uri is required");
    }
    if (!uri.startsWith("viking://")) {
      throw new ApiException("INVALID_URI", "not a viking:// URI: " + uri);
    }
    String path = uri.substring("viking://".length());
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty()) {
      return "viking://";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
        throw new ApiException("INVALID_URI", "invalid path segment '" + segment + "' in " + uri);
      }
    }
    return "viking://" + path;
  }

  static String parent(String uri) {
    int slash = uri.lastIndexOf('/');
    return slash <= "viking://".length() - 1 ? null : uri.substring(0, slash);
  }

  static String name(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  static boolean isUnder(String uri, String root) {
    return root.equals("viking://") || uri.equals(root) || uri.startsWith(root + "/");
  }
}
