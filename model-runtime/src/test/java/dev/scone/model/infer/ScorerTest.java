package dev.scone.model.infer;

import static dev.scone.model.infer.ServingFixture.CONTEXT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.model.infer.ScoringWindows.Window;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerTest {

  @TempDir static Path dir;
  private static ServingFixture f;
  private static ModelHandle scone;
  private static ModelHandle baseline;

  @BeforeAll
  static void setUp() throws IOException {
    f = new ServingFixture(dir, 7);
    scone = f.scone;
    baseline = f.baseline;
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }

  @Test
  void windowsScoreEveryTokenAfterTheFirstExactlyOnceWithEnoughLeftContext() {
    for (int context = 2; context <= 9; context++) {
      for (int stride = 1; stride < context; stride++) {
        for (int n = 0; n <= 40; n++) {
          int[] scoredBy = new int[n];
          for (Window w : ScoringWindows.plan(0, n, context, stride)) {
            assertTrue(w.length() <= context && w.begin() < w.firstTarget(), w.toString());
            for (int t = w.firstTarget(); t < w.end(); t++) {
              scoredBy[t]++;
              int leftContext = t - w.begin();
              assertTrue(leftContext >= Math.min(t, context - stride),
                  "n=" + n + " C=" + context + " S=" + stride + ": target " + t + " has " + leftContext);
            }
          }
          for (int t = 0; t < n; t++) {
            assertEquals(t == 0 ? 0 : 1, scoredBy[t], "n=" + n + " C=" + context + " S=" + stride + " t=" + t);
          }
        }
      }
    }
  }

  @Test
  void baselineScoresOfShortDocumentsEqualOneFullForward() {
    Random random = new Random(1);
    Scorer scorer = new Scorer(baseline);
    for (int n = 2; n <= CONTEXT; n += 3) {
      int[] doc = f.randomDocument(random, n);
      double[] expected = References.tokenLogprobs(f, References.baselineLogits(f, doc), doc);
      Score score = scorer.score(doc);
      assertEquals(n, score.tokens());
      assertTrue(References.maxAbsDiff(expected, score.tokenLogprobs()) < 1e-4, "n=" + n);
      double sum = Arrays.stream(expected).sum();
      assertEquals(sum, score.logprob(), 1e-3);
      assertEquals(Math.exp(-sum / (n - 1)), score.perplexity(), 1e-3 * score.perplexity());
    }
  }

  @Test
  void sconeScoresThroughTheTableEqualTrainingPathScores() {
    Random random = new Random(2);
    Scorer scorer = new Scorer(scone);
    int fgramPositions = 0;
    double controlDiff = 0;
    for (int n = 4; n <= CONTEXT; n += 4) {
      int[] doc = f.randomDocument(random, n);
      for (int row : f.matcher.rows(doc)) if (row >= f.tokenizer.vocabSize()) fgramPositions++;
      double[] training = References.tokenLogprobs(f, References.trainingLogits(f, doc), doc);
      double[] served = scorer.score(doc).tokenLogprobs();
      assertTrue(References.maxAbsDiff(training, served) < 1e-4,
          "n=" + n + ": |training - table| = " + References.maxAbsDiff(training, served));
      double[] tokenOnly = References.tokenLogprobs(f, References.baselineLogits(f, doc), doc);
      controlDiff = Math.max(controlDiff, References.maxAbsDiff(tokenOnly, served));
    }
    assertTrue(fgramPositions >= 5, "only " + fgramPositions + " positions read an f-gram row");
    assertTrue(controlDiff > 1e-3, "reading f-gram rows changed scores by only " + controlDiff);
  }

  @Test
  void longDocumentTokensWhoseContextFitsScoreAsTheFullContextReference() {
    int[] doc = f.randomDocument(new Random(3), 3 * CONTEXT + 5);
    Scorer scorer = new Scorer(scone);
    double[] served = scorer.score(doc).tokenLogprobs();
    assertEquals(doc.length - 1, served.length);
    int[] head = Arrays.copyOf(doc, CONTEXT);
    double[] reference = References.tokenLogprobs(f, References.trainingLogits(f, head), head);
    assertTrue(References.maxAbsDiff(reference, Arrays.copyOf(served, CONTEXT - 1)) < 1e-4);
  }

  @Test
  void everyTokenOfALongDocumentScoresAsAForwardOverItsWindow() {
    int[] doc = f.randomDocument(new Random(4), 3 * CONTEXT + 5);
    int stride = 5;
    double[] served = new Scorer(scone, stride, Scorer.DEFAULT_MAX_BATCH_LOGITS).score(doc).tokenLogprobs();
    int[] rows = f.matcher.rows(doc); // matches over the whole document, as the scorer promises
    int vm = f.ids.modelVocabSize();
    for (int t = 1; t < doc.length; t++) {
      // Window k = [k S, k S + C) scores t when it is the first window reaching past t.
      int begin = t < CONTEXT ? 0 : ((t - CONTEXT) / stride + 1) * stride;
      float[] logits = References.tableLogits(f, Arrays.copyOfRange(rows, begin, t));
      double expected = References.logProb(logits, t - 1 - begin, vm, f.ids.toModel(doc[t]));
      assertEquals(expected, served[t - 1], 1e-4, "target " + t + " (window from " + begin + ")");
    }
  }

  @Test
  void documentsScoredTogetherScoreAsEachAlone() {
    Random random = new Random(5);
    List<int[]> docs = new ArrayList<>();
    for (int n : new int[] {0, 1, 2, 7, CONTEXT, CONTEXT + 1, 2 * CONTEXT + 3, 5}) {
      docs.add(f.randomDocument(random, n));
    }
    for (ModelHandle handle : List.of(scone, baseline)) {
      List<Score> together = new Scorer(handle).scoreAll(docs);
      List<Score> oneWindowPerForward = new Scorer(handle, CONTEXT / 2, 1).scoreAll(docs);
      for (int d = 0; d < docs.size(); d++) {
        double[] alone = new Scorer(handle).score(docs.get(d)).tokenLogprobs();
        assertTrue(References.maxAbsDiff(alone, together.get(d).tokenLogprobs()) < 1e-5, "document " + d);
        assertTrue(References.maxAbsDiff(alone, oneWindowPerForward.get(d).tokenLogprobs()) < 1e-5);
      }
    }
  }

  @Test
  void firstTokenHasNoPrediction() {
    Scorer scorer = new Scorer(scone);
    for (int[] doc : List.of(new int[0], new int[] {262})) {
      Score score = scorer.score(doc);
      assertEquals(doc.length, score.tokens());
      assertEquals(0, score.scored());
      assertEquals(0.0, score.logprob());
      assertTrue(Double.isNaN(score.perplexity()));
    }
    Score two = scorer.score(new int[] {262, 257});
    assertEquals(1, two.scored());
    assertEquals(two.logprob(), two.tokenLogprobs()[0]);
  }

  @Test
  void tokensOutsideTheTokenizerVocabularyAreRejectedByPosition() {
    Scorer scorer = new Scorer(scone);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> scorer.scoreAll(List.of(new int[] {1, 2}, new int[] {1, 2, 50257})));
    assertTrue(e.getMessage().contains("document 1 position 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Scorer(baseline).score(new int[] {-1}));
  }

  @Test
  void strideMustLeaveLeftContext() {
    assertThrows(IllegalArgumentException.class, () -> new Scorer(scone, CONTEXT, 1 << 20));
    assertThrows(IllegalArgumentException.class, () -> new Scorer(scone, 0, 1 << 20));
    assertEquals(CONTEXT / 2, new Scorer(scone).stride());
  }
}
