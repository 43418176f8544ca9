package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.ngram.NgramPacker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Each counting step snapshotted mid-stream, restored into a fresh operator and fed the rest
 * emits the same final candidates as one that ran uninterrupted (Flink's operator test harness:
 * real state backend, real snapshot and restore, one subtask).
 */
class PartitionCountRestoreTest {
  private static final int V = 50;
  private static final int MAX_N = 3;
  private static final long DAY_MS = 86_400_000L;

  @Test
  void exactCountsRestoreToTheSameCandidates() throws Exception {
    assertSameAfterRestore(() -> new ExactPartitionCount(V, MAX_N, 20, 2, 0));
  }

  @Test
  void boundedSummaryRestoresToTheSameCandidatesAndBound() throws Exception {
    // m = 30 counters for hundreds of distinct n-grams: the summary evicts throughout.
    assertSameAfterRestore(() -> new BoundedPartitionCount(V, MAX_N, 10, 2, 0, 30));
  }

  @Test
  void recencyCountsRestoreToTheSameCandidatesAndLandmark() throws Exception {
    assertSameAfterRestore(() -> new RecencyPartitionCount(V, MAX_N, 20, 2, 0, DAY_MS));
  }

  private static void assertSameAfterRestore(Supplier<PartitionCountOperator> operator) throws Exception {
    List<NgramBatch> batches = batches(new Random(12), 60);
    CandidateBatch uninterrupted = run(operator, batches, -1);
    CandidateBatch restored = run(operator, batches, 25);
    assertTrue(uninterrupted.size() > 0);
    assertEquals(rows(uninterrupted), rows(restored));
    assertEquals(uninterrupted.totalWeight, restored.totalWeight);
    assertEquals(uninterrupted.errorBound, restored.errorBound);
    assertEquals(uninterrupted.landmarkMs, restored.landmarkMs);
    assertEquals(uninterrupted.maxEventMs, restored.maxEventMs);
  }

  /** Feeds every batch (batch i at event time i days), snapshotting and restoring before {@code restoreAt} if >= 0; the end-of-input candidates. */
  private static CandidateBatch run(Supplier<PartitionCountOperator> operator, List<NgramBatch> batches, int restoreAt) throws Exception {
    OneInputStreamOperatorTestHarness<NgramBatch, CandidateBatch> h = open(operator.get(), null);
    for (int i = 0; i < batches.size(); i++) {
      if (i == restoreAt) {
        OperatorSubtaskState state = h.snapshot(1, 1);
        h.close();
        h = open(operator.get(), state);
        h.getOutput().clear();
      }
      h.processElement(batches.get(i), i * DAY_MS + 7);
    }
    ((BoundedOneInput) h.getOneInputOperator()).endInput();
    List<CandidateBatch> out = h.extractOutputValues();
    h.close();
    assertEquals(1, out.size(), "one candidate batch at end of input");
    return out.get(0);
  }

  private static OneInputStreamOperatorTestHarness<NgramBatch, CandidateBatch> open(PartitionCountOperator op,
      OperatorSubtaskState state) throws Exception {
    OneInputStreamOperatorTestHarness<NgramBatch, CandidateBatch> h = new OneInputStreamOperatorTestHarness<>(op);
    h.setup();
    h.initializeState(state);
    h.open();
    return h;
  }

  private static TreeSet<String> rows(CandidateBatch b) {
    TreeSet<String> rows = new TreeSet<>();
    for (int i = 0; i < b.size(); i++) rows.add(b.lo[i] + "/" + b.hi[i] + "x" + b.count[i]);
    return rows;
  }

  /** Random distinct-per-batch n-grams over a small vocabulary, skewed so some repeat often. */
  private static List<NgramBatch> batches(Random random, int count) {
    NgramPacker packer = new NgramPacker(V, MAX_N);
    List<NgramBatch> out = new ArrayList<>();
    for (int b = 0; b < count; b++) {
      CandidateCounts distinct = new CandidateCounts(V, MAX_N);
      for (int i = 0; i < 40; i++) {
        int[] tokens = new int[2 + random.nextInt(MAX_N - 1)];
        for (int t = 0; t < tokens.length; t++) tokens[t] = (int) (12 * Math.pow(random.nextDouble(), 2));
        distinct.add(new NgramCount(packer.lo(tokens, 0, tokens.length), packer.hi(tokens, 0, tokens.length), 1 + random.nextInt(4)));
      }
      List<long[]> rows = new ArrayList<>();
      distinct.forEach((lo, hi, c) -> rows.add(new long[] {lo, hi, c}));
      NgramBatch batch = new NgramBatch(0, new long[rows.size()], new long[rows.size()], new long[rows.size()]);
      for (int i = 0; i < rows.size(); i++) {
        batch.lo[i] = rows.get(i)[0];
        batch.hi[i] = rows.get(i)[1];
        batch.count[i] = rows.get(i)[2];
      }
      out.add(batch);
    }
    return out;
  }
}
