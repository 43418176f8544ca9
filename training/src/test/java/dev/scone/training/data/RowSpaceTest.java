package dev.scone.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RowSpaceTest {

  private static final int V_TOK = 50;
  private static final int[] KEPT = {0, 3, 4, 10, 11, 12, 30, 49};

  /** The reference: the mapping as the contract states it, by linear search. */
  private static int reference(int row) {
    if (row >= V_TOK) return KEPT.length + 1 + (row - V_TOK);
    for (int i = 0; i < KEPT.length; i++) if (KEPT[i] == row) return i;
    return KEPT.length; // UNK
  }

  @Test
  void tokenizerRowsMapToModelRowsAsTheContractSays() {
    RowSpace space = new RowSpace(new ModelVocabulary("test", V_TOK, 1, KEPT));
    assertEquals(V_TOK, space.tokenizerVocabSize());
    assertEquals(KEPT.length + 1, space.modelVocabSize());
    Random random = new Random(5);
    int[] rows = new int[1000];
    int[] expected = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = random.nextInt(V_TOK + 200);
      expected[i] = reference(rows[i]);
    }
    assertArrayEquals(expected, space.toModel(rows));
  }

  @Test
  void keptTokenRowsAndFgramRowsMapBack() {
    RowSpace space = new RowSpace(new ModelVocabulary("test", V_TOK, 1, KEPT));
    for (int t : KEPT) assertEquals(t, space.toTokenizer(space.toModel(t)));
    for (int r = V_TOK; r < V_TOK + 300; r++) assertEquals(r, space.toTokenizer(space.toModel(r)));
    assertEquals(1, space.toTokenizer(KEPT.length), "UNK: the lowest tokenizer id not kept");
    assertThrows(IllegalArgumentException.class, () -> space.toModel(-1));
  }

  @Test
  void identityMapLeavesEveryRowAlone() {
    RowSpace space = new RowSpace(dev.scone.model.TokenIdMap.identity(V_TOK));
    for (int r = 0; r < V_TOK + 100; r++) {
      assertEquals(r, space.toModel(r));
      assertEquals(r, space.toTokenizer(r));
    }
  }

  @Test
  void tableTokenRowsCopyTheCompactedEmbedding() {
    RowSpace space = new RowSpace(new ModelVocabulary("test", V_TOK, 1, KEPT));
    int[] sources = space.tokenRowSources();
    assertEquals(V_TOK, sources.length);
    for (int t = 0; t < V_TOK; t++) assertEquals(reference(t), sources[t]);
  }
}
