package dev.scone.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.training.run.TrainRunConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoPlanTest {

  @Test
  void batchesCoverTheLiveYearsWithoutGapOrOverlap() {
    for (DemoPlan plan : List.of(DemoPlan.quick(), DemoPlan.standard())) {
      assertEquals(plan.trainUntil(), plan.batchStart(0));
      assertEquals(plan.streamUntil(), plan.batchStart(plan.batches()));
      for (int i = 0; i < plan.batches(); i++) {
        assertTrue(plan.batchStart(i) < plan.batchStart(i + 1), plan.name() + " batch " + i + " is empty");
      }
    }
  }

  @Test
  void trainRunsAreBaselineAndSconeOfOneArchitectureMatchingTheLiveCount() {
    DemoPlan plan = DemoPlan.quick();
    TrainRunConfig base = plan.trainRun(true, Path.of("b"));
    TrainRunConfig scone = plan.trainRun(false, Path.of("s"));
    assertTrue(base.baseline());
    assertTrue(!scone.baseline());
    assertEquals(scone.dModel(), base.dModel());
    assertEquals(plan.context(), scone.contextLength());
    assertEquals(plan.maxN(), scone.maxN(), "the trainer refuses a live vocabulary of another max_n");
    assertEquals(plan.fgrams(), scone.fgrams());
    assertTrue(plan.warmStart().seqLen() <= scone.contextLength());
  }

  @Test
  void aPlanWithMoreBatchesThanYearsIsRefused() {
    DemoPlan q = DemoPlan.quick();
    assertThrows(IllegalArgumentException.class, () -> new DemoPlan("x", 1800, 1802, 3, q.heldOutTokens(),
        q.trainSteps(), q.warmSteps(), q.dModel(), q.context(), q.batch(), q.maxN(), q.fgrams(), q.fgramMinCount(),
        q.feedDocsPerSecond(), q.requestsPerBatch(), q.generateTokens()));
  }
}
