package ovload.analysis.merge;

import io.gatling.core.stats.writer.RecordHeader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the shards' Gatling {@code simulation.log} files into one that Gatling's own report
 * generator reads ({@code -ro}). Gatling 3.12 and later read one binary log per report, and will
 * not read a folder of them (gatling/gatling#4591), as the Gatling Operator's reporter did with the
 * text logs of older versions; so the records are rewritten into one log: the run record of the
 * earliest shard, the scenarios of all, every record's time moved onto the earliest shard's start,
 * and the string cache numbered anew. The format is Gatling 3.13.4's ({@code LogFileDataWriter}:
 * big-endian ints and longs, strings as length, the String's internal bytes and its coder, cached
 * strings as a positive new index followed by the string or a negative known index); a log from
 * another version is refused, as Gatling itself refuses it.
 */
final class SimulationLogMerge {
  static final String FILE = "simulation.log";
  private static final byte RUN = header(RecordHeader.Run$.MODULE$);
  private static final byte USER = header(RecordHeader.User$.MODULE$);
  private static final byte REQUEST = header(RecordHeader.Request$.MODULE$);
  private static final byte GROUP = header(RecordHeader.Group$.MODULE$);
  private static final byte ERROR = header(RecordHeader.Error$.MODULE$);

  /** A string as the log holds it: the String's internal bytes and its coder (Latin-1 0, UTF-16 1). */
  record Text(byte[] bytes, byte coder) {
    static final Text EMPTY = new Text(new byte[0], (byte) 0);

    @Override
    public boolean equals(Object o) {
      return o instanceof Text t && t.coder == coder && Arrays.equals(t.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes) * 31 + coder;
    }

    @Override
    public String toString() {
      return coder == 0 ? new String(bytes, StandardCharsets.ISO_8859_1) : new String(bytes, StandardCharsets.UTF_16LE);
    }
  }

  /** The run record: what the report's title and assertions come from. */
  record Run(Text gatlingVersion, Text simulationClass, long start, Text description, List<Text> scenarios,
      List<byte[]> assertions) {}

  /** Counts of what was joined, for the merge's notes and its test. */
  public record Joined(long requests, long users, long errors) {}

  private SimulationLogMerge() {}

  private static byte header(RecordHeader h) {
    return h.value();
  }

  /** Writes {@code out} from {@code logs}: records in the logs' order, times on the earliest start. */
  static Joined merge(List<Path> logs, Path out) throws IOException {
    List<Run> runs = new ArrayList<>();
    for (Path log : logs) {
      try (DataInputStream in = open(log)) {
        runs.add(readRun(in, log));
      }
    }
    Run first = runs.stream().min((a, b) -> Long.compare(a.start(), b.start())).orElseThrow();
    LinkedHashMap<Text, Integer> scenarios = new LinkedHashMap<>();
    runs.forEach(r -> r.scenarios().forEach(s -> scenarios.putIfAbsent(s, scenarios.size())));
    long requests = 0;
    long users = 0;
    long errors = 0;
    try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16))) {
      Writer w = new Writer(o);
      o.writeByte(RUN);
      w.text(first.gatlingVersion());
      w.text(first.simulationClass());
      o.writeLong(first.start());
      w.text(first.description());
      o.writeInt(scenarios.size());
      for (Text s : scenarios.keySet()) {
        w.text(s);
      }
      o.writeInt(first.assertions().size());
      for (byte[] a : first.assertions()) {
        o.writeInt(a.length);
        o.write(a);
      }
      for (int i = 0; i < logs.size(); i++) {
        Run run = runs.get(i);
        int shift = Math.toIntExact(run.start() - first.start());
        try (DataInputStream in = open(logs.get(i))) {
          readRun(in, logs.get(i));
          Map<Integer, Text> cache = new HashMap<>();
          while (true) {
            int header = in.read();
            if (header < 0) {
              break;
            }
            o.writeByte(header);
            if (header == USER) {
              o.writeInt(scenarios.get(run.scenarios().get(in.readInt())));
              o.writeBoolean(in.readBoolean());
              o.writeInt(in.readInt() + shift);
              users++;
            } else if (header == REQUEST) {
              copyGroups(in, w, cache);
              w.cached(cached(in, cache));
              o.writeInt(in.readInt() + shift);
              o.writeInt(in.readInt() + shift);
              o.writeBoolean(in.readBoolean());
              w.cached(cached(in, cache));
              requests++;
            } else if (header == GROUP) {
              copyGroups(in, w, cache);
              o.writeInt(in.readInt() + shift);
              o.writeInt(in.readInt() + shift);
              o.writeInt(in.readInt());
              o.writeBoolean(in.readBoolean());
            } else if (header == ERROR) {
              w.cached(cached(in, cache));
              o.writeInt(in.readInt() + shift);
              errors++;
            } else {
              throw new IOException(logs.get(i) + ": unknown record " + header + ": not a Gatling 3.13.4 simulation.log");
            }
          }
        } catch (EOFException e) {
          throw new IOException(logs.get(i) + " ends inside a record (the shard's Gatling did not close it)", e);
        }
      }
    }
    return new Joined(requests, users, errors);
  }

  private static DataInputStream open(Path log) throws IOException {
    InputStream in = Files.newInputStream(log);
    return new DataInputStream(new BufferedInputStream(in, 1 << 16));
  }

  static Run readRun(DataInputStream in, Path log) throws IOException {
    if (in.read() != RUN) {
      throw new IOException(log + " does not begin with Gatling's run record: not a Gatling 3.13.4 simulation.log");
    }
    Text version = text(in);
    if (!"3.13.4".equals(version.toString())) {
      throw new IOException(log + " was written by Gatling " + version + ": only 3.13.4's logs can be joined");
    }
    Text simulation = text(in);
    long start = in.readLong();
    Text description = text(in);
    List<Text> scenarios = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      scenarios.add(text(in));
    }
    List<byte[]> assertions = new ArrayList<>();
    for (int n = in.readInt(); n > 0; n--) {
      assertions.add(in.readNBytes(in.readInt()));
    }
    return new Run(version, simulation, start, description, scenarios, assertions);
  }

  private static void copyGroups(DataInputStream in, Writer w, Map<Integer, Text> cache) throws IOException {
    int groups = in.readInt();
    w.out.writeInt(groups);
    for (int g = 0; g < groups; g++) {
      w.cached(cached(in, cache));
    }
  }

  private static Text text(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == 0) {
      return Text.EMPTY;
    }
    byte[] bytes = in.readNBytes(length);
    return new Text(bytes, in.readByte());
  }

  private static Text cached(DataInputStream in, Map<Integer, Text> cache) throws IOException {
    int index = in.readInt();
    if (index > 0) {
      Text t = text(in);
      cache.put(index, t);
      return t;
    }
    Text known = cache.get(-index);
    if (known == null) {
      throw new IOException("a cached string refers to unknown index " + (-index));
    }
    return known;
  }

  /** The merged log's strings, with a cache of its own numbered from 1, as Gatling's writer does. */
  private static final class Writer {
    private final DataOutputStream out;
    private final Map<Text, Integer> cache = new HashMap<>();

    Writer(DataOutputStream out) {
      this.out = out;
    }

    void text(Text t) throws IOException {
      out.writeInt(t.bytes().length);
      if (t.bytes().length > 0) {
        out.write(t.bytes());
        out.writeByte(t.coder());
      }
    }

    void cached(Text t) throws IOException {
      Integer known = cache.get(t);
      if (known != null) {
        out.writeInt(-known);
        return;
      }
      int index = cache.size() + 1;
      cache.put(t, index);
      out.writeInt(index);
      text(t);
    }
  }
}
