package ovload.ci;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The image the Kubernetes manifests run: a numeric non-root user (the restricted Pod Security
 * Standard), the same JVM flags in Jib's entry point and in gatling.sh (the operator's runner), and
 * heaps that fit the memory limits of deploy/kubernetes/values.env with room for the JVM's own memory.
 */
class ContainerImageTest {
  /** Metaspace, code cache, thread stacks and GC structures of one JVM: what a heap must leave free. */
  private static final long JVM_OWN_MIB = 400;

  private static Document pom() throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
  }

  private static List<String> jibFlags() throws Exception {
    NodeList flags = pom().getElementsByTagName("jvmFlag");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < flags.getLength(); i++) {
      out.add(flags.item(i).getTextContent().strip());
    }
    return out;
  }

  private static Map<String, String> values() throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("deploy/kubernetes/values.env"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1).strip());
      }
    }
    return values;
  }

  private static long mebibytes(String quantity) {
    Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
    assertTrue(m.matches(), "a memory quantity in Mi or Gi: " + quantity);
    return Long.parseLong(m.group(1)) * (m.group(2).equals("Gi") ? 1024 : 1);
  }

  private static double percent(String flags) {
    Matcher m = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(flags);
    assertTrue(m.find(), "a heap flag in " + flags);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void theImageRunsAsANumericNonRootUser() throws Exception {
    String user = pom().getElementsByTagName("user").item(0).getTextContent().strip();
    Matcher m = Pattern.compile("(\\d+):(\\d+)").matcher(user);
    assertTrue(m.matches(), "numeric uid:gid, so the kubelet can tell it is not root: " + user);
    assertTrue(Integer.parseInt(m.group(1)) > 0, user);
    for (String manifest : List.of("shards-job.yaml", "merge-job.yaml", "results-pod.yaml", "gatling-operator.yaml")) {
      String text = Files.readString(Path.of("deploy/kubernetes", manifest));
      assertTrue(text.contains("runAsUser: " + m.group(1)) && text.contains("fsGroup: " + m.group(2)),
          manifest + " runs as the image's user and owns the volume as its group");
    }
  }

  @Test
  void gatlingShStartsTheJvmAsTheImageDoes() throws Exception {
    String script = Files.readString(Path.of("src/main/jib/usr/local/bin/gatling.sh"));
    for (String flag : jibFlags()) {
      assertTrue(script.contains(flag), "gatling.sh lacks the image's " + flag);
    }
  }

  @Test
  void aShardsHeapAndDirectMemoryFitItsLimit() throws Exception {
    String flags = String.join(" ", jibFlags());
    long limit = mebibytes(values().get("SHARD_MEMORY"));
    Matcher direct = Pattern.compile("-XX:MaxDirectMemorySize=(\\d+)m").matcher(flags);
    assertTrue(direct.find(), "Netty's direct memory is bounded: by default it may grow as large as the heap");
    long used = Math.round(limit * percent(flags) / 100) + Long.parseLong(direct.group(1)) + JVM_OWN_MIB;
    assertTrue(used <= limit, "heap + direct + the JVM's own " + used + " MiB > limit " + limit + " MiB");
  }

  @Test
  void theMergesTwoJvmsFitItsLimit() throws Exception {
    String job = Files.readString(Path.of("deploy/kubernetes/merge-job.yaml"));
    Matcher options = Pattern.compile("name: JAVA_TOOL_OPTIONS\\s+value: (\\S+)").matcher(job);
    assertTrue(options.find(), "the merge's heap flag reaches both JVMs through JAVA_TOOL_OPTIONS");
    long limit = mebibytes(values().get("MERGE_MEMORY"));
    // the merge JVM holds its heap while Gatling's report JVM, which inherits the variable, runs
    long used = 2 * (Math.round(limit * percent(options.group(1)) / 100) + JVM_OWN_MIB);
    assertTrue(used <= limit, "two heaps and JVMs " + used + " MiB > limit " + limit + " MiB");
  }
}
