package dev.scone.fgram.match;

import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Vocabularies and documents for the matcher's tests, drawn from a small alphabet so they match. */
final class TestVocabularies {
  private TestVocabularies() {}

  /** F = the given n-grams, ranked in the given order (counts descending). */
  static FgramVocabulary of(int vocabSize, int maxN, int[]... grams) {
    long[] counts = new long[grams.length];
    for (int i = 0; i < grams.length; i++) counts[i] = grams.length - i;
    return FgramVocabulary.of(new FgramVocabulary.Meta("test", vocabSize, maxN, 1), List.of(grams), counts);
  }

  /**
   * The vocabulary of a property test's trial: trial 0 draws n-grams from the alphabet (few
   * match), later trials cut them out of the documents (long matches occur).
   */
  static FgramVocabulary forTrial(Random random, int trial, int vocabSize, int maxN, int[] alphabet, int[][] docs) {
    return trial == 0
        ? random(random, vocabSize, maxN, 40 + random.nextInt(400), alphabet)
        : fromDocuments(random, vocabSize, maxN, 50 + random.nextInt(2000), docs);
  }

  /** {@code size} distinct random n-grams of lengths 2..maxN over {@code alphabet}; not closed. */
  static FgramVocabulary random(Random random, int vocabSize, int maxN, int size, int[] alphabet) {
    Set<List<Integer>> grams = new LinkedHashSet<>();
    for (int tries = 0; grams.size() < size && tries < size * 20; tries++) {
      int length = 2 + random.nextInt(maxN - 1);
      List<Integer> gram = new ArrayList<>();
      for (int j = 0; j < length; j++) gram.add(alphabet[random.nextInt(alphabet.length)]);
      grams.add(gram);
    }
    return ranked(random, vocabSize, maxN, grams);
  }

  /** Random n-grams cut out of {@code documents} (so long matches occur), not closed. */
  static FgramVocabulary fromDocuments(Random random, int vocabSize, int maxN, int size, int[][] documents) {
    Set<List<Integer>> grams = new LinkedHashSet<>();
    for (int tries = 0; grams.size() < size && tries < size * 20; tries++) {
      int[] doc = documents[random.nextInt(documents.length)];
      int length = 2 + random.nextInt(maxN - 1);
      if (doc.length < length) continue;
      int start = random.nextInt(doc.length - length + 1);
      List<Integer> gram = new ArrayList<>();
      for (int j = 0; j < length; j++) gram.add(doc[start + j]);
      grams.add(gram);
    }
    return ranked(random, vocabSize, maxN, grams);
  }

  /** Random counts, then rank order (count desc, length asc, tokens asc). */
  private static FgramVocabulary ranked(Random random, int vocabSize, int maxN, Set<List<Integer>> grams) {
    record Row(int[] tokens, long count) {}
    List<Row> rows = new ArrayList<>();
    for (List<Integer> g : grams) {
      rows.add(new Row(g.stream().mapToInt(Integer::intValue).toArray(), 1 + random.nextInt(5)));
    }
    rows.sort((a, b) -> FgramVocabulary.compareRank(a.count(), a.tokens(), b.count(), b.tokens()));
    List<int[]> tokens = new ArrayList<>();
    long[] counts = new long[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      tokens.add(rows.get(i).tokens());
      counts[i] = rows.get(i).count();
    }
    return FgramVocabulary.of(new FgramVocabulary.Meta("test", vocabSize, maxN, 1), tokens, counts);
  }

  /** {@code count} distinct token ids spread over {@code [0, vocabSize)}. */
  static int[] alphabet(Random random, int vocabSize, int count) {
    return random.ints(0, vocabSize).distinct().limit(Math.min(count, vocabSize)).toArray();
  }

  /** Documents of random lengths (0, 1 and past a few blocks included) over {@code alphabet}. */
  static int[][] documents(Random random, int[] alphabet, int count) {
    int[][] docs = new int[count][];
    for (int d = 0; d < count; d++) {
      int length = switch (d % 5) {
        case 0 -> d % 3; // 0, 1, 2
        case 1 -> random.nextInt(40);
        case 2 -> random.nextInt(300);
        default -> random.nextInt(1200);
      };
      docs[d] = new int[length];
      for (int i = 0; i < length; i++) docs[d][i] = alphabet[random.nextInt(alphabet.length)];
    }
    return docs;
  }

  static int[] concat(int[][] documents, int[] docStartsOut) {
    int total = Arrays.stream(documents).mapToInt(d -> d.length).sum();
    int[] flat = new int[total];
    int at = 0;
    for (int d = 0; d < documents.length; d++) {
      if (d > 0) docStartsOut[d - 1] = at;
      System.arraycopy(documents[d], 0, flat, at, documents[d].length);
      at += documents[d].length;
    }
    return flat;
  }
}
