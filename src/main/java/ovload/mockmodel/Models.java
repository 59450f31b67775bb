package ovload.mockmodel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /v1/models} and {@code /v1/models/{id}}: the configured chat and embedding models. */
final class Models {
  private Models() {}

  static Map<String, Object> list(MockModelConfig config, long created) {
    List<Map<String, Object>> data = new ArrayList<>();
    for (String id : ids(config)) {
      data.add(model(id, created));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("object", "list");
    body.put("data", data);
    return body;
  }

  static Map<String, Object> one(MockModelConfig config, long created, String id) {
    if (!ids(config).contains(id)) {
      throw OpenAiError.notFound("The model '" + id + "' does not exist", "model_not_found");
    }
    return model(id, created);
  }

  private static List<String> ids(MockModelConfig config) {
    return config.chatModel().equals(config.embeddingModel())
        ? List.of(config.chatModel())
        : List.of(config.chatModel(), config.embeddingModel());
  }

  private static Map<String, Object> model(String id, long created) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("id", id);
    model.put("object", "model");
    model.put("created", created);
    model.put("owned_by", "ovload-mock");
    return model;
  }
}
