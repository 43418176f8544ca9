package dev.scone.model.infer;

import static dev.scone.model.infer.ServingFixture.CONTEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scone.model.bundle.FrozenPart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitScorerTest {

  @TempDir static Path dir;
  private static ServingFixture f;
  private static ModelHandle scone;

  @BeforeAll
  static void setUp() throws IOException {
    f = new ServingFixture(dir, 11);
    scone = ModelHandle.scone(f.model, f.ids, f.table, f.matcher);
  }

  @AfterAll
  static void tearDown() {
    scone.close();
    f.close();
  }

  @Test
  void splitForwardEqualsTheWholeForwardAtEveryLayer() {
    int[] doc = f.randomDocument(new Random(3), CONTEXT);
    int[] rows = scone.inputs().rows(doc);
    for (int k = 0; k <= f.model.config().layers(); k++) {
      try (NDManager call = scone.newCallManager()) {
        float[] whole = f.model.logits(scone.inputs().inputs(call, rows, 1, CONTEXT), 0).toFloatArray();
        NDArray h = f.model.activations(scone.inputs().inputs(call, rows, 1, CONTEXT), k); // (1, T, d)
        assertEquals(List.of(1L, (long) CONTEXT, (long) ServingFixture.D), Arrays.stream(h.getShape().getShape())
            .boxed().toList());
        float[] split = f.model.logitsFromActivations(h, k).toFloatArray();
        assertTrue(maxAbsDiff(whole, split) < 1e-5, "k=" + k + ": " + maxAbsDiff(whole, split));
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new SplitScorer(scone, f.model.config().layers() + 1));
  }

  @Test
  void recycledActivationsScoreAsTheFullScorer() {
    Random random = new Random(5);
    List<int[]> docs = new ArrayList<>();
    for (int n : new int[] {1, 2, 7, CONTEXT, CONTEXT + 5, 3 * CONTEXT + 1}) docs.add(f.randomDocument(random, n));
    List<Score> full = new Scorer(scone).scoreAll(docs);
    SplitScorer split = new SplitScorer(scone, 1);
    List<SplitScorer.Result> first = split.scoreAll(docs, Collections.nCopies(docs.size(), null));
    List<float[]> stored = new ArrayList<>();
    for (SplitScorer.Result r : first) {
      assertFalse(r.recycled());
      stored.add(r.activations());
    }
    List<SplitScorer.Result> again = split.scoreAll(docs, stored);
    for (int d = 0; d < docs.size(); d++) {
      assertEquals(split.activationFloats(docs.get(d).length), stored.get(d).length);
      assertTrue(again.get(d).recycled());
      assertNull(again.get(d).activations());
      assertClose(full.get(d), first.get(d).score(), "computed, document " + d);
      assertClose(full.get(d), again.get(d).score(), "recycled, document " + d);
    }
  }

  @Test
  void storedActivationsOfAnotherLengthAreRefused() {
    int[] doc = f.randomDocument(new Random(9), 10);
    SplitScorer split = new SplitScorer(scone, 1);
    float[] wrong = new float[split.activationFloats(doc.length) - 1];
    assertThrows(IllegalArgumentException.class, () -> split.scoreAll(List.of(doc), List.<float[]>of(wrong)));
  }

  @Test
  void fingerprintCoversTheLowerLayersAndTableRowsButNotTheUpperLayers() throws IOException {
    FrozenPart before = FrozenPart.of(f.model, 1, f.table, "v", "i");
    assertEquals(before, FrozenPart.of(f.model, 1, f.table, "v", "i"));
    assertNotEquals(before.sha256(), FrozenPart.of(f.model, 2, f.table, "v", "i").sha256());
    assertNotEquals(before.sha256(), FrozenPart.of(f.model, 1, f.table, "other vocabulary", "i").sha256());
    try (ServingFixture other = new ServingFixture(dir.resolve("other"), 12)) {
      assertNotEquals(before.tableRowsSha256(), FrozenPart.tableRowsSha256(other.table));
    }
    // Nudge one weight of block 1 (upper), then of block 0 (lower).
    String upper = nudge("block1");
    assertEquals(before.sha256(), FrozenPart.of(f.model, 1, f.table, "v", "i").sha256(), "changed " + upper);
    String lower = nudge("block0");
    assertNotEquals(before.sha256(), FrozenPart.of(f.model, 1, f.table, "v", "i").sha256(), "changed " + lower);
  }

  /** Adds a tiny amount to the first parameter whose name contains {@code block}; returns its name. */
  private static String nudge(String block) {
    for (var p : f.model.djlModel().getBlock().getParameters()) {
      if (p.getKey().contains(block)) {
        NDArray a = p.getValue().getArray();
        float[] values = a.toFloatArray();
        values[0] += 1e-3f;
        a.set(values);
        return p.getKey();
      }
    }
    throw new AssertionError("no parameter of " + block);
  }

  private static void assertClose(Score expected, Score actual, String what) {
    assertEquals(expected.tokens(), actual.tokens(), what);
    assertEquals(expected.scored(), actual.scored(), what);
    if (expected.scored() == 0) return;
    double rel = Math.abs(expected.perplexity() - actual.perplexity()) / expected.perplexity();
    assertTrue(rel < 1e-4, what + ": perplexity " + actual.perplexity() + " vs " + expected.perplexity());
    assertTrue(References.maxAbsDiff(expected.tokenLogprobs(), actual.tokenLogprobs()) < 1e-4, what);
  }

  private static float maxAbsDiff(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
    return max;
  }
}
