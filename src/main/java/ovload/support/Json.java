package ovload.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The suite's one Jackson configuration. A mapper is costly to build and thread-safe once built, so
 * every reader and writer shares these. Field names and order come from the records themselves
 * ({@code @JsonNaming}, {@code @JsonPropertyOrder}), not from the mapper.
 */
public final class Json {
  /** Reads tolerate fields they do not know: files of a newer suite, envelopes of a newer server. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  /** The report files' layout: two-space indented, as every JSON file of a run folder is written. */
  public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  private Json() {}
}
