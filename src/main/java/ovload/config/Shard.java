package ovload.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This load generator's slice of a run spread over {@code count} generators ({@code -Dshard=i/N}, or
 * {@code -Dshards=N} with the index a Kubernetes Indexed Job gives each pod in {@code
 * JOB_COMPLETION_INDEX}). Unit {@code k} of every phase (a worker, a document, a session with its
 * messages and commit, an open-model arrival) belongs to shard {@code k mod N}, so the shards'
 * slices are disjoint, the same on every start, and together the unsharded workload. Each shard
 * owns a data root below the common one and a session prefix of its own, so no shard touches
 * another's data.
 *
 * @param index this shard, from 0
 * @param count the shards of the run; 1 with {@code sharded} false: the run is not sharded
 * @param sharded whether a shard option was given (an unsharded run keeps the common root and prefix)
 * @param startAt when every shard begins its first phase ({@code -DstartAt}), or null: at once
 */
public record Shard(int index, int count, boolean sharded, Instant startAt) {
  public static final Shard NONE = new Shard(0, 1, false, null);
  public static final String INDEX_ENV = "JOB_COMPLETION_INDEX";
  /** How far in the past a common start may lie (shards that started late begin at once). */
  static final Duration START_AT_GRACE = Duration.ofMinutes(1);
  private static final Pattern SHARD = Pattern.compile("(\\d{1,6})/(\\d{1,6})");

  static Shard from(Settings s, Map<String, String> env, Instant now) {
    String shard = s.raw("shard", null);
    String shards = s.raw("shards", null);
    Instant startAt = startAt(s.raw("startAt", null), now);
    boolean hasShard = shard != null && !shard.isEmpty();
    boolean hasShards = shards != null && !shards.isEmpty();
    if (hasShard && hasShards) {
      throw new ConfigException("-Dshard and -Dshards exclude each other: give -Dshard=i/N, or -Dshards=N with "
          + INDEX_ENV + " set");
    }
    if (hasShard) {
      Matcher m = SHARD.matcher(shard);
      if (!m.matches()) {
        throw new ConfigException("malformed -Dshard '" + shard + "': write index/count from 0, e.g. -Dshard=0/3");
      }
      return of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), "-Dshard=" + shard, startAt);
    }
    if (hasShards) {
      int count = count(shards);
      String index = env.get(INDEX_ENV) == null ? "" : env.get(INDEX_ENV).trim();
      if (!index.matches("\\d{1,6}")) {
        throw new ConfigException("-Dshards=" + count + " takes this shard's index from " + INDEX_ENV
            + (index.isEmpty() ? ", which is not set" : ", which is '" + index + "'")
            + ": run it in a Kubernetes Indexed Job, or give -Dshard=i/" + count);
      }
      return of(Integer.parseInt(index), count, INDEX_ENV + "=" + index + " with -Dshards=" + count, startAt);
    }
    return startAt == null ? NONE : new Shard(0, 1, false, startAt);
  }

  private static int count(String value) {
    if (!value.matches("\\d{1,6}") || Integer.parseInt(value) < 1) {
      throw new ConfigException("-Dshards must be a whole number of shards, 1 or more, got '" + value + "'");
    }
    return Integer.parseInt(value);
  }

  private static Shard of(int index, int count, String given, Instant startAt) {
    if (count < 1) {
      throw new ConfigException(given + ": the shard count must be 1 or more, e.g. -Dshard=0/3");
    }
    if (index >= count) {
      throw new ConfigException(given + ": the shard index counts from 0 and must be below the count "
          + count + ", e.g. -Dshard=" + (count - 1) + "/" + count);
    }
    return new Shard(index, count, true, startAt);
  }

  static Instant startAt(String value, Instant now) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException e) {
      throw new ConfigException("malformed -DstartAt '" + value
          + "': give an ISO time with its zone, e.g. -DstartAt=$(date -u -d '+1 min' +%FT%TZ)");
    }
    if (at.isBefore(now.minus(START_AT_GRACE))) {
      throw new ConfigException("-DstartAt " + value + " lies " + Duration.between(at, now).toSeconds()
          + " s in the past: give a time ahead, e.g. -DstartAt=$(date -u -d '+1 min' +%FT%TZ)");
    }
    if (at.isAfter(now.plus(Duration.ofHours(24)))) {
      throw new ConfigException("-DstartAt " + value + " lies more than a day ahead: give a time within the next 24 hours");
    }
    return at;
  }

  /** Shard {@code index} of {@code 0..total-1}: how many of them {@code k mod count == index}. */
  public int share(int total) {
    return total <= index ? 0 : (total - index + count - 1) / count;
  }

  /** This shard's units of a phase's list, in their order. */
  public <T> List<T> slice(List<T> all) {
    List<T> mine = new ArrayList<>();
    for (int k = index; k < all.size(); k += count) {
      mine.add(all.get(k));
    }
    return List.copyOf(mine);
  }

  /** The unsharded run's number of this shard's {@code local}-th unit. */
  public long global(long local) {
    return index + local * count;
  }

  /** The shard's own data root, below the common one (which an unsharded run clears as a whole). */
  String dataRoot(String common) {
    return sharded ? common + "/shard-" + index : common;
  }

  /** The shard's own session prefix: the common one still matches it, another shard's does not. */
  String sessionPrefix(String common) {
    return sharded ? common + "s" + index + "-" : common;
  }

  /** A shard's label in folder names, e.g. {@code shard-2}. */
  public String label() {
    return "shard-" + index;
  }

  /**
   * Refuses a workload that leaves a shard without a worker or a unit in some phase: the union of
   * the slices would not be the unsharded run.
   */
  void requireUnits(Workload w, LoadModel model) {
    if (!sharded) {
      return;
    }
    Map<String, Long> units = new LinkedHashMap<>();
    units.put("-DresourceCount", (long) w.resourceCount());
    units.put("-DsessionCount", (long) w.sessionCount());
    units.put("-DresourceConcurrency", (long) w.resourceConcurrency());
    units.put("-DsessionConcurrency", (long) w.sessionConcurrency());
    units.put("-DcommitConcurrency", (long) w.commitConcurrency());
    if (model.open()) {
      units.put("the retrieval arrivals (-DretrievalRate x phaseSeconds)", LoadModel.arrivals(model.retrievalRate(), w.phaseSeconds()));
      units.put("the mixed arrivals (-DmixedRate x mixedSeconds)", LoadModel.arrivals(model.mixedRate(), w.mixedSeconds()));
    } else {
      units.put("-DsearchConcurrency", (long) w.searchConcurrency());
      units.put("-DmixedConcurrency", (long) w.mixedConcurrency());
    }
    units.forEach((name, n) -> {
      if (n < count) {
        throw new ConfigException(name + " is " + n + ", fewer than the " + count + " shards: every shard needs "
            + "a unit of each phase; raise it to " + count + " or more, or run fewer shards");
      }
    });
  }

  /** run_config.json's {@code shard}: which slice this folder holds. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Description(int index, int count, String commonDataRootUri, String commonSessionPrefix) {}

  /** This shard's {@link Description} given its own root and prefix; null when the run is not sharded. */
  Description describe(String ownDataRoot, String ownSessionPrefix) {
    if (!sharded) {
      return null;
    }
    return new Description(index, count,
        ownDataRoot.substring(0, ownDataRoot.length() - dataRoot("").length()),
        ownSessionPrefix.substring(0, ownSessionPrefix.length() - sessionPrefix("").length()));
  }
}
