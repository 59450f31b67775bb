package ovload.mockmodel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** {@code GET /v1/models} and {@code /v1/models/{id}}: the configured chat and embedding models. */
final class Models {
  private Models() {}

  static ModelList list(MockModelConfig config, long created) {
    return new ModelList(ids(config).stream().map(id -> new Model(id, created)).toList());
  }

  static Model one(MockModelConfig config, long created, String id) {
    if (!ids(config).contains(id)) {
      throw OpenAiError.notFound("The model '" + id + "' does not exist", "model_not_found");
    }
    return new Model(id, created);
  }

  private static List<String> ids(MockModelConfig config) {
    return config.chatModel().equals(config.embeddingModel())
        ? List.of(config.chatModel())
        : List.of(config.chatModel(), config.embeddingModel());
  }

  @JsonPropertyOrder({"object", "data"})
  record ModelList(List<Model> data) {
    @JsonProperty
    String object() {
      return "list";
    }
  }

  /** A model, owned by the mock; {@code created} is when the mock started. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"id", "object", "created", "owned_by"})
  record Model(String id, long created) {
    @JsonProperty
    String object() {
      return "model";
    }

    @JsonProperty
    String ownedBy() {
      return "ovload-mock";
    }
  }
}
