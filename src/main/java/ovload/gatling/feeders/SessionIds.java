package ovload.gatling.feeders;

import java.util.ArrayList;
import java.util.List;

/** The spec's session ids: {@code <prefix><run_id>-<adapter>-<i:04d>}. */
public final class SessionIds {
  private SessionIds() {}

  public static List<String> of(String prefix, String runId, String adapter, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(String.format("%s%s-%s-%04d", prefix, runId, adapter, i));
    }
    return List.copyOf(ids);
  }
}
