package dev.scone.bench.count;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class SameVocabularyTest {
  private static FgramVocabulary vocab(long version, long secondCount) {
    return FgramVocabulary.of(new FgramVocabulary.Meta("gpt2", 50257, 3, version),
        List.of(new int[] {1, 2}, new int[] {3, 4, 5}), new long[] {9, secondCount});
  }

  @Test
  void sameRowsPassWhateverTheVersion() {
    assertDoesNotThrow(() -> SameVocabulary.require(vocab(0, 4), vocab(7, 4), "v7.arrow"));
  }

  @Test
  void aDifferentCountFailsNamingTheRowAndFile() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SameVocabulary.require(vocab(0, 4), vocab(1, 5), "v1.arrow"));
    assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("v1.arrow"), e.getMessage());
  }

  @Test
  void aMissingRowFails() {
    FgramVocabulary shorter = FgramVocabulary.of(new FgramVocabulary.Meta("gpt2", 50257, 3, 1),
        List.of(new int[] {1, 2}), new long[] {9});
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SameVocabulary.require(vocab(0, 4), shorter, "v1.arrow"));
    assertTrue(e.getMessage().contains("expected 2 f-grams"), e.getMessage());
  }
}
