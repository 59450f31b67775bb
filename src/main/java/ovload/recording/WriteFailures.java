package ovload.recording;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's files that could not be written (a full disk, a folder gone or made read-only): each
 * said on the console once, when it happens, and kept as the run's cause of failure, so that lost
 * events are never silent and never read as a gate's verdict.
 */
public final class WriteFailures {
  private final Map<String, String> byFile = new LinkedHashMap<>();

  /** The first failure of {@code file} is printed and kept; later ones of the same file add nothing. */
  public void failed(String file, IOException e) {
    String cause = "could not write " + file + ": " + reason(e);
    synchronized (byFile) {
      if (byFile.putIfAbsent(file, cause) != null) {
        return;
      }
    }
    System.err.println("ovload: failed: " + cause);
  }

  /** {@code could not write request_events.jsonl: No space left on device}, one per file, in order. */
  public List<String> causes() {
    synchronized (byFile) {
      return new ArrayList<>(byFile.values());
    }
  }

  /**
   * The operating system's words for an I/O failure: {@code No space left on device}. The JDK puts
   * them in the message of a write's exception, but names only the file in those of a file
   * operation's, whose class says the rest.
   */
  public static String reason(IOException e) {
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    if (e instanceof AccessDeniedException) {
      return "Permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "No such file or directory";
    }
    if (e instanceof NotDirectoryException) {
      return "Not a directory";
    }
    if (e instanceof FileSystemException) {
      return e.getClass().getSimpleName();
    }
    // one line: a parser's message goes on with where it stopped
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
  }
}
