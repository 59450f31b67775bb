package ovload.ovcli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import ovload.client.FakeServer;
import ovload.provision.OvHome;
import ovload.provision.OvWheel;

/**
 * Wall time of one {@code ov --output json --compact health} process against a loopback server,
 * for each launch variant from a plain {@code java -cp} up to {@code bin/ov} with its AppCDS
 * archive, and OpenViking's own {@code ov} when {@code scripts/fetch-ov.sh} has fetched it. Run from
 * the project directory after {@code mvn -q compile}:
 * {@code mvn -q -o exec:java -Dexec.classpathScope=test -Dexec.mainClass=ovload.ovcli.OvStartupBenchmark [-Druns=20]}.
 */
public final class OvStartupBenchmark {
  private record Variant(String name, List<String> command, Map<String, String> env) {}

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("runs", 20);
    Path project = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path target = project.resolve("target");
    String classes = target.resolve("classes").toString();
    String fullClassPath = Files.readString(target.resolve("ov.classpath")).strip();
    String jacksonOnly = Arrays.stream(fullClassPath.split(":"))
        .filter(jar -> jar.matches(".*/jackson-(core|databind|annotations)-[^/]*\\.jar"))
        .collect(Collectors.joining(":"));
    String ov = project.resolve("bin/ov").toString();
    List<String> cli = List.of("--output", "json", "--compact", "health");

    try (FakeServer server = new FakeServer()) {
      Path config = Files.createTempFile("ovcli", ".conf");
      Files.writeString(config, "{\"url\":\"" + server.url() + "\",\"api_key\":\"bench\"}");
      Map<String, String> env = Map.of(CliConfig.ENV_CONFIG_FILE, config.toString());
      List<Variant> variants = List.of(
          new Variant("java -cp <full runtime class path>",
              java(List.of(), classes + ":" + fullClassPath, cli), env),
          new Variant("+ -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
              java(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), classes + ":" + fullClassPath, cli), env),
          new Variant("+ Jackson-only class path",
              java(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), classes + ":" + jacksonOnly, cli), env),
          new Variant("bin/ov with OV_CDS=0 (also -Xss512k -XX:-UsePerfData)",
              concat(List.of(ov), cli), Map.of(CliConfig.ENV_CONFIG_FILE, config.toString(), "OV_CDS", "0")),
          new Variant("bin/ov (AppCDS archive)", concat(List.of(ov), cli), env));
      // OpenViking's own ov, once scripts/fetch-ov.sh has put it into target/: the figure bin/ov stands in for
      Path realOv = OvWheel.binary(project);
      if (Files.isExecutable(realOv)) {
        Path home = OvHome.prepare(Files.createTempDirectory("ov-home"));
        variants = new ArrayList<>(variants);
        variants.add(new Variant("OpenViking's ov " + OvWheel.VERSION + " (" + project.relativize(realOv) + ")",
            concat(List.of(realOv.toString()), cli), Map.of(CliConfig.ENV_CONFIG_FILE, config.toString(), "HOME", home.toString())));
      } else {
        System.out.println("(no " + project.relativize(realOv) + ": scripts/fetch-ov.sh adds OpenViking's ov to the table)");
      }
      System.out.printf("%d runs each, after 2 unrecorded ones; ms per process%n", runs);
      System.out.printf("%-55s %8s %8s %8s %8s%n", "variant", "mean", "median", "min", "max");
      for (Variant variant : variants) {
        for (int i = 0; i < 2; i++) {
          timeOnce(variant);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
          ms[i] = timeOnce(variant);
        }
        Arrays.sort(ms);
        double median = runs % 2 == 1 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
        System.out.printf("%-55s %8.1f %8.1f %8.1f %8.1f%n", variant.name(),
            Arrays.stream(ms).average().orElse(0), median, ms[0], ms[runs - 1]);
      }
      Files.deleteIfExists(config);
    }
  }

  private static List<String> java(List<String> options, String classPath, List<String> cli) {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(options);
    command.addAll(List.of("-cp", classPath, "ovload.ovcli.OvCli"));
    command.addAll(cli);
    return command;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static double timeOnce(Variant variant) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(variant.command());
    builder.environment().putAll(variant.env());
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    long start = System.nanoTime();
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    double ms = (System.nanoTime() - start) / 1e6;
    if (exit != 0 || !out.startsWith("{\"ok\":true")) {
      throw new IllegalStateException(variant.name() + " failed: exit " + exit + ", stdout " + out);
    }
    return ms;
  }
}
