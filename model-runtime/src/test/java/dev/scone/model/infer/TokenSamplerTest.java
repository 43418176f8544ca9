package dev.scone.model.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenSamplerTest {

  // softmax = 0.5, 0.3, 0.15, 0.05 (ids in a scrambled order)
  private static final float[] LOGITS = {
      (float) Math.log(0.15), (float) Math.log(0.5), (float) Math.log(0.05), (float) Math.log(0.3)};
  private static final double[] P = {0.15, 0.5, 0.05, 0.3};

  private static int[] counts(GenerationParams params, int draws) {
    TokenSampler sampler = new TokenSampler(params);
    int[] counts = new int[LOGITS.length];
    for (int i = 0; i < draws; i++) counts[sampler.next(LOGITS)]++;
    return counts;
  }

  @Test
  void unfilteredDrawsFollowTheSoftmax() {
    int draws = 40_000;
    int[] counts = counts(GenerationParams.defaults().withSeed(1), draws);
    for (int id = 0; id < P.length; id++) assertEquals(P[id], counts[id] / (double) draws, 0.01, "id " + id);
  }

  @Test
  void topKDrawsOnlyTheKMostLikelyRenormalised() {
    int draws = 40_000;
    int[] counts = counts(GenerationParams.defaults().withTopK(2).withSeed(2), draws);
    assertEquals(0, counts[0] + counts[2]);
    assertEquals(0.5 / 0.8, counts[1] / (double) draws, 0.01);
  }

  @Test
  void topPKeepsTheSmallestPrefixReachingP() {
    int draws = 40_000;
    // 0.5 < 0.7 <= 0.5 + 0.3: ids 1 and 3 only.
    int[] counts = counts(GenerationParams.defaults().withTopP(0.7).withSeed(3), draws);
    assertEquals(0, counts[0] + counts[2]);
    assertEquals(0.5 / 0.8, counts[1] / (double) draws, 0.01);
    // top-k 3 then top-p 0.9 of their 0.95: 0.5 + 0.3 = 0.8 < 0.855, so ids 1, 3, 0.
    int[] both = counts(GenerationParams.defaults().withTopK(3).withTopP(0.9).withSeed(4), draws);
    assertEquals(0, both[2]);
    assertTrue(both[0] > 0);
  }

  @Test
  void temperatureZeroIsArgmaxWithLowestIdOnTies() {
    TokenSampler sampler = new TokenSampler(GenerationParams.greedy(1));
    assertEquals(1, sampler.next(LOGITS));
    assertEquals(2, sampler.next(new float[] {0f, 1f, 3f, 3f}));
    TokenSampler topOne = new TokenSampler(GenerationParams.defaults().withTopK(1));
    assertEquals(2, topOne.next(new float[] {0f, 1f, 3f, 3f}));
  }

  @Test
  void bestKEqualsAFullSortByLogitThenId() {
    Random random = new Random(5);
    for (int trial = 0; trial < 200; trial++) {
      float[] logits = new float[1 + random.nextInt(60)];
      for (int i = 0; i < logits.length; i++) logits[i] = random.nextInt(8); // many ties
      int k = 1 + random.nextInt(logits.length);
      int[] expected = IntStream.range(0, logits.length).boxed()
          .sorted((a, b) -> logits[a] != logits[b] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b))
          .mapToInt(Integer::intValue).limit(k).toArray();
      assertArrayEquals(expected, TokenSampler.best(logits, k));
    }
  }

  @Test
  void logProbIsTheLogSoftmax() {
    for (int id = 0; id < P.length; id++) assertEquals(Math.log(P[id]), TokenSampler.logProb(LOGITS, id), 1e-6);
  }

  @Test
  void invalidParametersAreRejected() {
    GenerationParams d = GenerationParams.defaults();
    assertThrows(IllegalArgumentException.class, () -> d.withMaxTokens(-1));
    assertThrows(IllegalArgumentException.class, () -> d.withTemperature(-0.1));
    assertThrows(IllegalArgumentException.class, () -> d.withTemperature(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> d.withTopK(-1));
    assertThrows(IllegalArgumentException.class, () -> d.withTopP(0));
    assertThrows(IllegalArgumentException.class, () -> d.withTopP(1.01));
    assertThrows(IllegalArgumentException.class, () -> d.withStop(List.of("")));
    assertThrows(IllegalArgumentException.class, () -> d.withEosToken(-2));
  }
}
