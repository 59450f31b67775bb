package ovload.mockmodel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A reply's {@code usage}, as OpenAI counts it: embeddings have no {@code completion_tokens}, so the
 * field is left out for them rather than sent as null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Usage(int promptTokens, @JsonInclude(JsonInclude.Include.NON_NULL) Integer completionTokens, int totalTokens) {

  static Usage chat(int input, int output) {
    return new Usage(input, output, input + output);
  }

  static Usage embeddings(int input) {
    return new Usage(input, null, input);
  }
}
