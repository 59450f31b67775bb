package ovload.report.jmeter;

import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import ovload.model.RequestName;
import ovload.recording.RequestEvent;
import ovload.support.Json;

/**
 * {@code jmeter.csv}: every request event as a row of JMeter's CSV results format, which the Jenkins
 * Performance plugin reads for its trend graphs and build-to-build comparison. Streaming.
 */
public final class JMeterCsvWriter {
  public static final String FILE = "jmeter.csv";
  public static final List<String> HEADER = List.of("timeStamp", "elapsed", "label", "responseCode", "responseMessage",
      "threadName", "dataType", "success", "failureMessage", "bytes", "sentBytes", "grpThreads", "allThreads", "URL",
      "Latency", "IdleTime", "Connect");

  private JMeterCsvWriter() {}

  public static void write(Path runDir) throws IOException {
    Path events = runDir.resolve("request_events.jsonl");
    try (Writer out = Files.newBufferedWriter(runDir.resolve(FILE), StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build())) {
      csv.printRecord(HEADER);
      if (!Files.exists(events)) {
        return;
      }
      try (MappingIterator<RequestEvent> it = Json.MAPPER.readerFor(RequestEvent.class).readValues(events.toFile())) {
        while (it.hasNextValue()) {
          RequestEvent e = it.nextValue();
          long elapsed = Math.round(e.latencyMs());
          String code = e.statusCode() != null ? e.statusCode().toString() : e.exceptionType() != null ? e.exceptionType() : "ok";
          String message = e.success() ? "OK" : (e.exceptionType() != null ? e.exceptionType() : "error");
          csv.printRecord(Instant.parse(e.startedAt()).toEpochMilli(), elapsed,
              RequestName.of(e.adapter(), e.scenario(), e.operation()), code, message,
              e.adapter() + " " + e.scenario() + " worker-" + (e.workerId() == null ? 0 : e.workerId()), "text",
              e.success(), e.success() || e.errorMessage() == null ? "" : e.errorMessage(), 0, 0, 1, 1, "", elapsed, 0, 0);
        }
      }
    }
  }
}
