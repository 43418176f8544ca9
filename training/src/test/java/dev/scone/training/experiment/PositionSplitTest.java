package dev.scone.training.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.model.infer.Score;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The split of SCONE's loss difference between positions that read an f-gram row and the others. */
class PositionSplitTest {
  private static final int V = 100;

  private static Score score(double... logprobs) {
    return new Score(logprobs.length + 1, 0, 0, logprobs, 0);
  }

  @Test
  void aPositionCountsAsMatchedWhenItsOwnRowIsAnFgramRowTheLossBeingThatOfTheNextToken() {
    // rows: position 1 reads an f-gram row; the loss at index 1 predicts token 2 from it
    List<int[]> rows = List.of(new int[] {5, V + 3, 7, 8});
    PositionSplit.SeedLosses l = PositionSplit.seedLosses(List.of(score(-1.0, -0.5, -2.0)),
        List.of(score(-1.0, -1.5, -3.0)), rows, V);
    assertEquals(0.5, l.sconeMatched(), 1e-12);
    assertEquals(1.5, l.baselineMatched(), 1e-12);
    assertEquals(1.5, l.sconeOther(), 1e-12); // (1.0 + 2.0) / 2
    assertEquals(2.0, l.baselineOther(), 1e-12);
    assertEquals(1.0 / 3, l.share(), 1e-12); // the last position predicts nothing
  }

  @Test
  void pairsTheSeedsAndSaysHowMuchOfTheTotalTheFgramPositionsMake() {
    List<PositionSplit.SeedLosses> seeds = List.of(
        new PositionSplit.SeedLosses(1.0, 2.0, 3.0, 3.0, 0.25),
        new PositionSplit.SeedLosses(1.2, 2.0, 3.1, 3.0, 0.25),
        new PositionSplit.SeedLosses(0.9, 2.0, 2.9, 3.0, 0.25));
    PositionSplit split = PositionSplit.of("t", seeds);
    assertEquals(-0.9667, split.matched().mean(), 1e-4);
    assertTrue(split.matched().excludesZero());
    assertEquals(0.0, split.unmatched().mean(), 1e-12);
    assertFalse(split.unmatched().excludesZero());
    assertEquals(1.0, split.matchedPartOfTotal(), 1e-12); // nothing changed elsewhere
    assertTrue(ResultsTable.positionSplits(List.of(split)).contains("| t | 3 | 0.250 | **-0.9667 ["));
  }

  @Test
  void scoresOfDifferentLengthsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PositionSplit.seedLosses(List.of(score(-1, -1)),
        List.of(score(-1)), List.of(new int[] {1, 2, 3}), V));
  }
}
