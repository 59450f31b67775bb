package ovload.mockmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Vectors depend on the text alone: stable across instances, distinct for distinct texts, unit length. */
class EmbeddingDeterminismTest {
  @Test
  void sameTextSameVectorAcrossInstancesDifferentTextDifferentVector() throws Exception {
    double[] first;
    double[] again;
    double[] other;
    try (MockModelServer a = MockHttp.start("--seed", "1")) {
      first = vector(new MockHttp(a).embed("\"OpenViking stores context\"", ""));
      again = vector(new MockHttp(a).embed("\"OpenViking stores context\"", ""));
      other = vector(new MockHttp(a).embed("\"an unrelated sentence about boats\"", ""));
    }
    try (MockModelServer b = MockHttp.start("--seed", "2")) {
      assertArrayEquals(first, vector(new MockHttp(b).embed("\"OpenViking stores context\"", "")),
          "another instance (and another seed) gives the same vector");
    }
    assertArrayEquals(first, again);
    assertFalse(Arrays.equals(first, other));
    assertEquals(1024, first.length, "the default dimension");
  }

  @Test
  void dimensionsHonouredAndVectorsNormalised() throws Exception {
    try (MockModelServer server = MockHttp.start("--dimension", "64")) {
      MockHttp http = new MockHttp(server);
      assertEquals(64, vector(http.embed("\"configured dimension\"", "")).length);
      assertEquals(256, vector(http.embed("\"requested dimension\"", ",\"dimensions\":256")).length);
      for (String input : new String[] {"\"words and more words\"", "\"!!!\"", "\"\"", "\"数据库 上下文\""}) {
        double[] v = vector(http.embed(input, ""));
        assertEquals(1.0, Math.sqrt(Arrays.stream(v).map(x -> x * x).sum()), 1e-5, "unit length for " + input);
      }
    }
  }

  @Test
  void sharedWordsMeanHigherSimilarity() {
    float[] query = TextVectors.of("session commit memory extraction", 1024);
    float[] near = TextVectors.of("memory extraction runs on session commit", 1024);
    float[] far = TextVectors.of("the weather in Lisbon is mild", 1024);
    assertTrue(cosine(query, near) > 0.5, "shared words: " + cosine(query, near));
    assertTrue(cosine(query, near) > cosine(query, far) + 0.3, "near beats far");
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot; // both unit length
  }

  private static double[] vector(MockHttp.Reply reply) {
    assertEquals(200, reply.status(), reply.raw().body());
    JsonNode embedding = reply.body().get("data").get(0).get("embedding");
    double[] v = new double[embedding.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = embedding.get(i).asDouble();
    }
    return v;
  }
}
