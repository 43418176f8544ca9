package dev.scone.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Small random models and inputs for tests: the real classes, sized to run in milliseconds. */
final class TinyModels {

  static final int V = 100;
  static final int D = 32;
  static final int MAX_N = 4;

  private TinyModels() {}

  /** 2 layers, d=32, 4 heads, V=100, maxN=4, a 1-layer f-gram model, no dropout. */
  static ModelConfig scone() {
    return new ModelConfig(2, D, 4, 64, 24, V, 0.0, MAX_N, 1, 7);
  }

  static int[] randomTokens(Random random, int count) {
    int[] tokens = new int[count];
    for (int i = 0; i < count; i++) tokens[i] = random.nextInt(V);
    return tokens;
  }

  /** {@code count} distinct random f-grams of length 2..maxN. */
  static List<int[]> randomFgrams(Random random, int count) {
    Set<List<Integer>> seen = new LinkedHashSet<>();
    while (seen.size() < count) {
      int length = 2 + random.nextInt(MAX_N - 1);
      List<Integer> g = new ArrayList<>();
      for (int j = 0; j < length; j++) g.add(random.nextInt(V));
      seen.add(g);
    }
    List<int[]> out = new ArrayList<>();
    for (List<Integer> g : seen) out.add(g.stream().mapToInt(Integer::intValue).toArray());
    return out;
  }

  /** Rows for the tokens: each position reads a random f-gram with probability p. */
  static int[] randomRows(Random random, int[] tokens, int fgramCount, double p) {
    int[] rows = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      rows[i] = random.nextDouble() < p ? V + random.nextInt(fgramCount) : tokens[i];
    }
    return rows;
  }

  /** The table a trainer would publish: V token rows then the f-gram rows, float32, native order. */
  static ByteBuffer table(LanguageModel model, List<int[]> fgrams) {
    ByteBuffer table = ByteBuffer.allocateDirect((V + fgrams.size()) * D * Float.BYTES)
        .order(ByteOrder.nativeOrder());
    FloatBuffer floats = table.asFloatBuffer();
    model.writeTokenRows(floats);
    model.writeFgramRows(fgrams, 3, floats);
    return table;
  }

  /** What a server does per request: copy each position's row into a direct staging buffer. */
  static ByteBuffer gather(ByteBuffer table, int[] rows) {
    ByteBuffer staging = ByteBuffer.allocateDirect(rows.length * D * Float.BYTES)
        .order(ByteOrder.nativeOrder());
    for (int row : rows) {
      ByteBuffer src = table.duplicate();
      src.position(row * D * Float.BYTES).limit((row + 1) * D * Float.BYTES);
      staging.put(src);
    }
    return staging.flip();
  }

  static float maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) throw new AssertionError(a.length + " vs " + b.length + " values");
    float max = 0;
    for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
    return max;
  }
}
