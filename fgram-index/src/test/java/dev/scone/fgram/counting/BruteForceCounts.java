package dev.scone.fgram.counting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reference: counts every n-gram of length 2..maxN inside each document, with boxed keys. */
public final class BruteForceCounts {
  private BruteForceCounts() {}

  public static Map<List<Integer>, Long> count(List<int[]> docs, int maxN) {
    Map<List<Integer>, Long> counts = new HashMap<>();
    for (int[] doc : docs) {
      for (int i = 0; i < doc.length; i++) {
        for (int n = 2; n <= maxN && i + n <= doc.length; n++) {
          counts.merge(key(doc, i, n), 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  public static List<Integer> key(int[] tokens, int start, int n) {
    List<Integer> key = new ArrayList<>(n);
    for (int j = 0; j < n; j++) key.add(tokens[start + j]);
    return key;
  }

  public static int[] array(List<Integer> key) {
    return key.stream().mapToInt(Integer::intValue).toArray();
  }

  /** All n-grams of a source as a boxed map. */
  public static Map<List<Integer>, Long> asMap(NgramCountSource source) {
    Map<List<Integer>, Long> out = new HashMap<>();
    source.forEachTokens((tokens, count) -> {
      if (out.put(key(tokens, 0, tokens.length), count) != null) throw new AssertionError("repeated key");
    });
    return out;
  }
}
