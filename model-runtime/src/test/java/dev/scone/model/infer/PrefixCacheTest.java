package dev.scone.model.infer;

import static dev.scone.model.infer.ServingFixture.CONTEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * The prefix cache changes nothing but the work done: scores and generations with it equal those
 * without it, for the baseline and for SCONE rows, across windows, batches and evictions.
 */
class PrefixCacheTest {

  private static final int BLOCK = 4; // the fixture's context is 16: 4 blocks per window
  private static final double TOLERANCE = 1e-5;

  @TempDir static Path dir;
  private static ServingFixture f;
  private static ModelHandle scone;
  private static ModelHandle baseline;

  @BeforeAll
  static void setUp() throws IOException {
    f = new ServingFixture(dir, 11);
    scone = f.scone;
    baseline = f.baseline;
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }

  private static PrefixCache newCache(long budgetBytes) {
    return PrefixCache.create(new PrefixCacheConfig(true, BLOCK, budgetBytes), "test");
  }

  /** Documents that share prefixes of every length with each other, some longer than the context. */
  private static List<int[]> sharingDocuments(Random random, int count) {
    int[] stem = f.randomDocument(random, 3 * CONTEXT);
    List<int[]> docs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int shared = random.nextInt(CONTEXT + 3);
      int[] doc = Arrays.copyOf(stem, shared + 1 + random.nextInt(2 * CONTEXT));
      int[] tail = f.randomDocument(random, doc.length - shared);
      System.arraycopy(tail, 0, doc, shared, tail.length);
      docs.add(doc);
    }
    return docs;
  }

  @Test
  void scoresWithTheCacheEqualScoresWithoutIt() {
    for (ModelHandle handle : List.of(scone, baseline)) {
      Random random = new Random(3);
      Scorer plain = new Scorer(handle);
      try (PrefixCache cache = newCache(1L << 30)) {
        Scorer cached = new Scorer(handle, cache);
        int reused = 0;
        for (int call = 0; call < 12; call++) {
          List<int[]> docs = sharingDocuments(random, 1 + random.nextInt(6));
          if (call % 3 == 2) docs.add(docs.get(0).clone()); // a repeat within one call
          List<Score> expected = plain.scoreAll(docs);
          List<Score> got = cached.scoreAll(docs);
          for (int d = 0; d < docs.size(); d++) {
            String what = "table " + handle.readsTable() + ", call " + call + ", doc " + d + " of " + docs.get(d).length;
            assertEquals(expected.get(d).tokenLogprobs().length, got.get(d).tokenLogprobs().length, what);
            assertTrue(References.maxAbsDiff(expected.get(d).tokenLogprobs(), got.get(d).tokenLogprobs()) < TOLERANCE, what);
            assertEquals(expected.get(d).logprob(), got.get(d).logprob(), 1e-4, what);
            reused += got.get(d).cachedTokens();
          }
        }
        assertTrue(reused > 0, "nothing was reused: the test would pass with the cache off");
        assertTrue(cache.stats().tokenHitRate() > 0.2, cache.stats().toString());
      }
    }
  }

  @Test
  void aRepeatedDocumentIsAnsweredFromTheCacheAlone() {
    try (PrefixCache cache = newCache(1L << 30)) {
      Scorer scorer = new Scorer(scone, cache);
      int[] doc = f.randomDocument(new Random(5), 3 * BLOCK);
      Score first = scorer.score(doc);
      Score second = scorer.score(doc);
      assertEquals(0, first.cachedTokens());
      assertEquals(doc.length, second.cachedTokens(), "every position of the window was cached");
      assertArrayEquals(first.tokenLogprobs(), second.tokenLogprobs(), 0.0);
      int[] longer = Arrays.copyOf(doc, doc.length + 2);
      longer[doc.length] = doc[0];
      longer[doc.length + 1] = doc[1];
      Score extended = scorer.score(longer);
      assertEquals(3 * BLOCK - 1, extended.cachedTokens(), "resumes one position before the cached blocks end");
      assertTrue(References.maxAbsDiff(new Scorer(scone).score(longer).tokenLogprobs(), extended.tokenLogprobs()) < TOLERANCE);
    }
  }

  /**
   * Why a block's key may be the tokens up to it also with SCONE: the row a position reads is the
   * longest f-gram ending there, so it depends on that position's token and the ones before,
   * never on later tokens. Two documents that agree on a prefix read the same rows there.
   */
  @Test
  void sconeRowsOfAPrefixDependOnlyOnThePrefix() {
    Random random = new Random(8);
    for (int trial = 0; trial < 300; trial++) {
      int[] a = f.randomDocument(random, 2 + random.nextInt(30));
      int shared = random.nextInt(a.length + 1);
      int[] b = Arrays.copyOf(a, shared + random.nextInt(20));
      int[] tail = f.randomDocument(random, b.length - shared);
      System.arraycopy(tail, 0, b, shared, tail.length);
      int[] rowsA = f.matcher.rows(a);
      int[] rowsB = f.matcher.rows(b);
      assertArrayEquals(Arrays.copyOf(rowsA, shared), Arrays.copyOf(rowsB, shared), "trial " + trial);
    }
  }

  @Test
  void generationWithTheCacheEqualsGenerationWithoutIt() {
    Random random = new Random(4);
    try (PrefixCache cache = newCache(1L << 30)) {
      for (ModelHandle handle : List.of(scone, baseline)) {
        Generator plain = new Generator(handle, f.tokenizer);
        Generator cached = new Generator(handle, f.tokenizer, cache);
        int[] stem = f.randomDocument(random, CONTEXT);
        for (int promptLength : new int[] {3, BLOCK, 9, 12, CONTEXT, CONTEXT + 5}) {
          int[] prompt = promptLength <= CONTEXT ? Arrays.copyOf(stem, promptLength) : f.randomDocument(random, promptLength);
          GenerationParams params = GenerationParams.defaults().withMaxTokens(2 * CONTEXT).withSeed(promptLength);
          Generation expected = plain.generate(prompt, params);
          for (int round = 0; round < 2; round++) {
            Generation got = cached.generate(prompt, params);
            String what = "table " + handle.readsTable() + ", prompt " + promptLength + ", round " + round;
            assertArrayEquals(expected.tokens(), got.tokens(), what);
            assertTrue(References.maxAbsDiff(expected.tokenLogprobs(), got.tokenLogprobs()) < TOLERANCE, what);
            if (round == 1 && promptLength >= BLOCK && promptLength <= CONTEXT) {
              assertTrue(got.cachedTokens() >= promptLength - BLOCK, what + ": reused " + got.cachedTokens());
            }
          }
        }
      }
    }
  }

  @Test
  void generationReusesWhatScoringCached() {
    try (PrefixCache cache = newCache(1L << 30)) {
      int[] doc = f.randomDocument(new Random(6), 2 * BLOCK);
      new Scorer(scone, cache).score(doc);
      GenerationParams params = GenerationParams.greedy(5);
      Generation got = new Generator(scone, f.tokenizer, cache).generate(doc, params);
      assertEquals(doc.length - 1, got.cachedTokens());
      assertArrayEquals(new Generator(scone, f.tokenizer).generate(doc, params).tokens(), got.tokens());
    }
  }

  @Test
  void theBudgetBoundsTheBytesHeldAndEvictionsKeepAnswersExact() {
    long budget = 3 * blockBytes(); // room for three blocks
    try (PrefixCache cache = newCache(budget)) {
      Scorer plain = new Scorer(scone);
      Scorer cached = new Scorer(scone, cache);
      Random random = new Random(9);
      for (int call = 0; call < 10; call++) {
        List<int[]> docs = sharingDocuments(random, 4);
        List<Score> expected = plain.scoreAll(docs);
        List<Score> got = cached.scoreAll(docs);
        for (int d = 0; d < docs.size(); d++) {
          assertTrue(References.maxAbsDiff(expected.get(d).tokenLogprobs(), got.get(d).tokenLogprobs()) < TOLERANCE);
        }
        assertTrue(cache.stats().bytes() <= budget, cache.stats() + " over " + budget);
      }
      assertTrue(cache.stats().evictions() > 0, cache.stats().toString());
    }
  }

  @Test
  void aClearedCacheRecomputesAndAnotherNamespaceNeverHits() {
    int[] doc = f.randomDocument(new Random(10), 2 * BLOCK);
    try (PrefixCache cache = newCache(1L << 30)) {
      Scorer scorer = new Scorer(scone, cache);
      scorer.score(doc);
      cache.clear();
      assertEquals(0, scorer.score(doc).cachedTokens());
      assertEquals(2, cache.stats().blocks(), "scoring again cached its two blocks again");
    }
    try (PrefixCache a = PrefixCache.create(new PrefixCacheConfig(true, BLOCK, 1L << 30), "model m1 / table v1");
        PrefixCache b = PrefixCache.create(new PrefixCacheConfig(true, BLOCK, 1L << 30), "model m1 / table v2")) {
      byte[][] digests = PrefixDigests.of(doc, BLOCK, 2);
      new Scorer(scone, a).score(doc);
      assertEquals(2, a.lookup(digests).size());
      assertEquals(0, b.lookup(digests).size());
    }
  }

  @Test
  void digestsChainEveryEarlierToken() {
    int[] a = {1, 2, 3, 4, 5, 6, 7, 8};
    int[] b = {1, 2, 3, 9, 5, 6, 7, 8}; // differs in block 0 only
    byte[][] da = PrefixDigests.of(a, 4, 2);
    byte[][] db = PrefixDigests.of(b, 4, 2);
    assertTrue(!Arrays.equals(da[0], db[0]) && !Arrays.equals(da[1], db[1]), "block 1's key must cover block 0's tokens");
    assertArrayEquals(da[1], PrefixDigests.of(a, 4, 2)[1]);
  }

  private static long blockBytes() {
    var config = f.model.config();
    return new PrefixBlock(new float[config.layers()][config.heads() * BLOCK * config.headSize()],
        new float[config.layers()][config.heads() * BLOCK * config.headSize()], new float[BLOCK]).bytes();
  }
}
