package ovload.mockmodel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Deterministic embedding vectors: a signed feature-hashing bag of words (plus word pairs at half
 * weight, so word order counts a little), L2-normalised. Texts sharing words get a positive cosine,
 * so a server's vector retrieval still ranks sensibly; no seed, so every mock instance agrees.
 */
final class TextVectors {
  private static final float PAIR_WEIGHT = 0.5f;

  private TextVectors() {}

  static float[] of(String text, int dimension) {
    float[] vector = new float[dimension];
    List<String> words = Tokens.words(text);
    for (int i = 0; i < words.size(); i++) {
      add(vector, hash(words.get(i)), 1f);
      if (i > 0) {
        add(vector, hash(words.get(i - 1) + ' ' + words.get(i)), PAIR_WEIGHT);
      }
    }
    if (norm(vector) == 0) {
      // no words (or they cancelled out): a random direction fixed by the text, still a unit vector
      Random random = new Random(hash(text));
      for (int i = 0; i < dimension; i++) {
        vector[i] = (float) random.nextGaussian();
      }
    }
    double norm = norm(vector);
    for (int i = 0; i < dimension; i++) {
      vector[i] = (float) (vector[i] / norm);
    }
    return vector;
  }

  /** One hash picks both the slot (low bits) and the sign (a high bit), so collisions tend to cancel. */
  private static void add(float[] vector, long hash, float weight) {
    int slot = (int) Math.floorMod(hash, (long) vector.length);
    vector[slot] += (hash >>> 63) == 0 ? weight : -weight;
  }

  private static double norm(float[] vector) {
    double sum = 0;
    for (float x : vector) {
      sum += (double) x * x;
    }
    return Math.sqrt(sum);
  }

  /** FNV-1a over the UTF-8 bytes, then the SplitMix64 finaliser to spread FNV's weak low bits. */
  private static long hash(String text) {
    long h = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
