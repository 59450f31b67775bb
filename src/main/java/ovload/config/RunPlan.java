package ovload.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import ovload.model.Phase;

/**
 * The runs one {@code gatling:test} performs, one after another: a single run (the default);
 * {@code -DwarmupRuns=M -Druns=N} (M discarded, then N measured, for statistics across runs);
 * {@code -Dsweep=option:v1,v2,...} (two options separated by {@code ;} give a grid) with
 * {@code -Dreps=R} repetitions of every point; or {@code -DmodelModes=instant,realistic}, the same
 * load against the embedded stand-in in two model modes. Each planned run has its own
 * configuration, run id (so its sessions and documents are its own) and folder under the base
 * output folder.
 */
public record RunPlan(Kind kind, RunConfig base, List<PlannedRun> runs, List<SweepAxis> axes, String sweepPhase) {
  public enum Kind { SINGLE, REPEATED, SWEEP, MODEL_MODES }

  /** One swept option and its values, as given. */
  public record SweepAxis(String option, List<String> values) {}

  /**
   * @param label the run's folder under the base output folder ("" for a single run)
   * @param measured false for warm-up runs, whose figures are discarded
   * @param point the swept options' values of this run (empty unless sweeping)
   * @param rep the repetition, from 1
   */
  public record PlannedRun(String label, boolean measured, Map<String, String> point, int rep, RunConfig config) {}

  /**
   * Options a sweep may vary: the numeric ones that shape the load. The embedded stand-in's
   * settings are not among them, as one stand-in serves every run of a plan.
   */
  public static final List<String> SWEEPABLE = List.of("resourceCount", "sessionCount", "messagesPerSession",
      "resourceConcurrency", "searchConcurrency", "sessionConcurrency", "commitConcurrency", "mixedConcurrency",
      "phaseSeconds", "mixedSeconds", "warmupSeconds", "retrievalRate", "mixedRate", "findLimit", "timeout",
      "taskPollInterval");

  /** The phase a sweep measures by default: the one its first option drives. */
  private static final Map<String, Phase> PHASE_OF = Map.of("resourceConcurrency", Phase.ADD_RESOURCES,
      "resourceCount", Phase.ADD_RESOURCES, "sessionConcurrency", Phase.SESSION_MESSAGES, "messagesPerSession",
      Phase.SESSION_MESSAGES, "searchConcurrency", Phase.RETRIEVAL, "retrievalRate", Phase.RETRIEVAL, "findLimit",
      Phase.RETRIEVAL, "phaseSeconds", Phase.RETRIEVAL, "commitConcurrency", Phase.SESSION_COMMIT, "sessionCount",
      Phase.SESSION_COMMIT);
  private static final int MAX_RUNS = 200;

  public boolean multiple() {
    return kind != Kind.SINGLE;
  }

  public List<PlannedRun> measured() {
    return runs.stream().filter(PlannedRun::measured).toList();
  }

  /** The JVM's system properties (with a key handed over off the command line: {@link ApiKeyHandover}) and environment. */
  public static RunPlan fromSystem(Path projectDir) {
    return from(ApiKeyHandover.receive(System.getProperties(), projectDir.resolve("target")), System.getenv(),
        projectDir, Instant.now());
  }

  public static RunPlan from(Properties properties, Map<String, String> env, Path projectDir, Instant now) {
    RunConfig base = RunConfig.from(properties, env, projectDir, now);
    Settings s = new Settings(properties, env);
    long warmups = s.wholeNumber("warmupRuns", 0);
    if (warmups < 0) {
      throw new ConfigException("-DwarmupRuns must be 0 or more, got " + warmups);
    }
    String sweep = s.string("sweep", null, "");
    String runsValue = s.raw("runs", null);
    String repsValue = s.raw("reps", null);
    if (!sweep.isEmpty() && runsValue != null && !runsValue.isEmpty()) {
      throw new ConfigException("-Druns and -Dsweep exclude each other: repeat each sweep point with -Dreps=N");
    }
    if (sweep.isEmpty() && repsValue != null && !repsValue.isEmpty()) {
      throw new ConfigException("-Dreps repeats sweep points: add -Dsweep=option:v1,v2 or use -Druns=N");
    }
    String modes = s.string("modelModes", null, "");
    if (!modes.isEmpty() && base.shard().sharded()) {
      throw new ConfigException("-DmodelModes starts embedded stand-ins of its own: drop it from a sharded run");
    }
    if (!modes.isEmpty()) {
      return modelModes(modes, base, warmups, properties, env, projectDir, now);
    }
    List<SweepAxis> axes = sweep.isEmpty() ? List.of() : axes(sweep);
    if (!base.loadModel().open() && axes.stream().anyMatch(a -> a.option().endsWith("Rate"))) {
      throw new ConfigException("-Dsweep of an arrival rate needs the open model: add -DloadModel=open "
          + "-DretrievalRate=N -DmixedRate=N");
    }
    int runs = s.positiveInt("runs", 1);
    int reps = s.positiveInt("reps", 1);
    String phase = sweepPhase(s.string("sweepPhase", null, ""), axes);
    Kind kind = !axes.isEmpty() ? Kind.SWEEP : (runs > 1 || warmups > 0) ? Kind.REPEATED : Kind.SINGLE;
    if (kind != Kind.SINGLE && base.shard().sharded()) {
      throw new ConfigException("a shard runs one run: drop -Druns, -DwarmupRuns and -Dsweep from a sharded run "
          + "(repeat the sharded run and aggregate the merged folders instead)");
    }
    if (kind == Kind.SINGLE) {
      return new RunPlan(kind, base, List.of(new PlannedRun("", true, Map.of(), 1, base)), axes, phase);
    }
    List<Map<String, String>> points = points(axes);
    long total = warmups + (kind == Kind.SWEEP ? points.size() * reps : runs);
    if (total > MAX_RUNS) {
      throw new ConfigException("the plan has " + total + " runs, more than " + MAX_RUNS
          + ": use fewer -Dsweep values, -Dreps or -Druns");
    }
    List<PlannedRun> planned = new ArrayList<>();
    for (int w = 1; w <= warmups; w++) {
      Map<String, String> point = points.isEmpty() ? Map.of() : points.get(0);
      planned.add(planned("warmup-" + w, false, point, w, properties, env, projectDir, now, base));
    }
    if (kind == Kind.REPEATED) {
      for (int r = 1; r <= runs; r++) {
        planned.add(planned(String.format(Locale.ROOT, "run-%02d", r), true, Map.of(), r, properties, env, projectDir, now, base));
      }
    } else {
      for (Map<String, String> point : points) {
        for (int r = 1; r <= reps; r++) {
          planned.add(planned(pointLabel(point) + "/rep-" + r, true, point, r, properties, env, projectDir, now, base));
        }
      }
    }
    return new RunPlan(kind, base, List.copyOf(planned), axes, phase);
  }

  /** Two model modes of the embedded stand-in, the first the baseline of the comparison. */
  private static RunPlan modelModes(String modes, RunConfig base, long warmups, Properties properties,
      Map<String, String> env, Path projectDir, Instant now) {
    List<String> names = List.of(modes.toLowerCase(Locale.ROOT).split("\\s*,\\s*"));
    if (names.size() != 2 || names.get(0).equals(names.get(1)) || !StandInOptions.MODEL_MODES.containsAll(names)) {
      throw new ConfigException("-DmodelModes takes two different modes of " + String.join("|", StandInOptions.MODEL_MODES)
          + ", baseline first, e.g. -DmodelModes=instant,realistic");
    }
    if (!base.connection().embeddedServer()) {
      throw new ConfigException("-DmodelModes sets the embedded stand-in's model latency: drop -DserverUrl "
          + "(for a real server, vary the mock model provider's latency instead)");
    }
    for (String excluded : List.of("runs", "sweep", "reps")) {
      String value = properties.getProperty(excluded);
      if (value != null && !value.isBlank()) {
        throw new ConfigException("-DmodelModes and -D" + excluded + " exclude each other: run them separately");
      }
    }
    List<PlannedRun> planned = new ArrayList<>();
    for (int w = 1; w <= warmups; w++) {
      planned.add(planned("warmup-" + w, false, Map.of("modelMode", names.get(0)), w, properties, env, projectDir, now, base));
    }
    for (String mode : names) {
      planned.add(planned(mode, true, Map.of("modelMode", mode), 1, properties, env, projectDir, now, base));
    }
    return new RunPlan(Kind.MODEL_MODES, base, List.copyOf(planned), List.of(), Phase.MIXED.wireName());
  }

  private static PlannedRun planned(String label, boolean measured, Map<String, String> point, int rep,
      Properties properties, Map<String, String> env, Path projectDir, Instant now, RunConfig base) {
    Properties p = new Properties();
    p.putAll(properties);
    point.forEach(p::setProperty);
    p.setProperty("runId", base.runId() + "-" + label.replaceAll("[^A-Za-z0-9._-]", "-"));
    p.setProperty("outputDir", base.paths().outputDir().resolve(label).toString());
    return new PlannedRun(label, measured, Map.copyOf(point), rep, RunConfig.from(p, env, projectDir, now));
  }

  static List<SweepAxis> axes(String sweep) {
    List<SweepAxis> axes = new ArrayList<>();
    for (String part : sweep.split(";")) {
      String[] kv = part.trim().split(":", 2);
      if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
        throw new ConfigException("malformed -Dsweep '" + sweep + "': write option:v1,v2,... (two options: "
            + "\"mixedConcurrency:1,2,4;mixedSeconds:5,10\")");
      }
      String option = kv[0].trim();
      if (!SWEEPABLE.contains(option)) {
        throw new ConfigException("-Dsweep cannot vary '" + option + "': sweep one of " + String.join(", ", SWEEPABLE));
      }
      if (axes.stream().anyMatch(a -> a.option().equals(option))) {
        throw new ConfigException("-Dsweep names '" + option + "' twice: give each option once");
      }
      List<String> values = new ArrayList<>();
      for (String v : kv[1].split(",")) {
        String value = v.trim();
        try {
          if (!Double.isFinite(Double.parseDouble(value))) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          throw new ConfigException("-Dsweep value '" + value + "' of " + option + " is not a number: give numbers, e.g. "
              + option + ":1,2,4");
        }
        if (values.contains(value)) {
          throw new ConfigException("-Dsweep repeats " + option + "=" + value + ": use -Dreps to repeat a point");
        }
        values.add(value);
      }
      axes.add(new SweepAxis(option, List.copyOf(values)));
    }
    if (axes.size() > 2) {
      throw new ConfigException("-Dsweep takes one option or two (a grid), got " + axes.size());
    }
    return List.copyOf(axes);
  }

  /** Every combination of the axes' values, the first axis varying slowest. */
  private static List<Map<String, String>> points(List<SweepAxis> axes) {
    List<Map<String, String>> points = new ArrayList<>();
    points.add(new LinkedHashMap<>());
    for (SweepAxis axis : axes) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> point : points) {
        for (String value : axis.values()) {
          Map<String, String> extended = new LinkedHashMap<>(point);
          extended.put(axis.option(), value);
          next.add(extended);
        }
      }
      points = next;
    }
    return axes.isEmpty() ? List.of() : points;
  }

  private static String pointLabel(Map<String, String> point) {
    List<String> parts = new ArrayList<>();
    point.forEach((k, v) -> parts.add(k + "=" + v));
    return String.join(",", parts);
  }

  private static String sweepPhase(String requested, List<SweepAxis> axes) {
    if (!requested.isEmpty()) {
      if (Phase.SWEEPABLE.stream().noneMatch(p -> p.is(requested))) {
        throw new ConfigException("unknown -DsweepPhase '" + requested + "': use one of "
            + String.join(", ", Phase.SWEEPABLE.stream().map(Phase::wireName).toList()));
      }
      return requested;
    }
    return (axes.isEmpty() ? Phase.MIXED : PHASE_OF.getOrDefault(axes.get(0).option(), Phase.MIXED)).wireName();
  }
}
