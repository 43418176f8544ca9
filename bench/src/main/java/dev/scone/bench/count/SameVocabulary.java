package dev.scone.bench.count;

import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.Arrays;

/** The check that a published vocabulary is the batch selection, f-gram for f-gram. */
final class SameVocabulary {
  private SameVocabulary() {}

  /**
   * Passes when {@code published} has the same f-grams, counts and meta as {@code expected}
   * (versions aside).
   *
   * @throws IllegalStateException naming the file and the first differing row otherwise
   */
  static void require(FgramVocabulary expected, FgramVocabulary published, String file) {
    if (expected.withVersion(published.meta().version()).sameContent(published)) return;
    int rows = Math.min(expected.size(), published.size());
    int row = 0;
    while (row < rows && expected.count(row) == published.count(row)
        && Arrays.equals(expected.tokens(row), published.tokens(row))) {
      row++;
    }
    String detail = row < rows
        ? "first difference at row " + row + ": expected " + Arrays.toString(expected.tokens(row)) + "x" + expected.count(row)
            + ", found " + Arrays.toString(published.tokens(row)) + "x" + published.count(row)
        : "expected " + expected.size() + " f-grams (" + expected.meta() + "), found " + published.size() + " (" + published.meta() + ")";
    throw new IllegalStateException("the vocabulary the Flink job published in " + file
        + " differs from the batch selection over the same documents: " + detail);
  }
}
