package dev.scone.fgram.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.ngram.NgramPacker;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class SpaceSavingSummaryTest {
  private static final int V = 500;
  private static final int MAX_N = 3;
  private static final NgramPacker PACKER = new NgramPacker(V, MAX_N);

  private record Key(long lo, long hi) {}

  /** Offers the 2- and 3-grams of Zipf text with weights 1..3 to the summary and to a true-count map. */
  private static void feed(SpaceSavingSummary s, Map<Key, Long> truth, long seed, int tokens) {
    feed(s, truth, seed, tokens, 0);
  }

  /**
   * As above, with Zipf rank {@code k} mapped to token {@code (k + shift) mod V}: streams with
   * different shifts have different heavy hitters, so a merge must combine items monitored on one
   * side only and drop some heavy ones.
   */
  private static void feed(SpaceSavingSummary s, Map<Key, Long> truth, long seed, int tokens, int shift) {
    ZipfTokens zipf = new ZipfTokens(V, 1.6, seed);
    Random rnd = new Random(seed);
    int[] doc = zipf.document(tokens);
    for (int i = 0; i < doc.length; i++) doc[i] = (doc[i] + shift) % V;
    for (int i = 0; i + 3 <= doc.length; i++) {
      for (int n = 2; n <= 3; n++) {
        long w = 1 + rnd.nextInt(3);
        long lo = PACKER.lo(doc, i, n);
        long hi = PACKER.hi(doc, i, n);
        s.offer(lo, hi, w);
        truth.merge(new Key(lo, hi), w, Long::sum);
      }
    }
  }

  /**
   * Checks both guarantees against true counts with the given per-item error bound; returns how
   * many heavy hitters (true count > N/m) there were, so callers can insist the check had teeth.
   */
  private static int assertGuarantees(SpaceSavingSummary s, Map<Key, Long> truth, double bound) {
    long n = truth.values().stream().mapToLong(Long::longValue).sum();
    assertEquals(n, s.totalWeight());
    assertTrue(s.errorBound() <= bound + 1e-9, "errorBound " + s.errorBound() + " > " + bound);
    assertTrue(s.errorBound() * (double) s.capacity() <= n, "errorBound above N/m");
    int[] monitored = {0};
    s.forEach((lo, hi, est) -> {
      monitored[0]++;
      long t = truth.getOrDefault(new Key(lo, hi), 0L);
      long err = s.error(lo, hi);
      assertTrue(t <= est && est <= t + err && err <= s.errorBound(),
          "true " + t + ", estimate " + est + ", error " + err + ", bound " + s.errorBound());
      assertEquals(est, s.count(lo, hi));
    });
    assertEquals(s.size(), monitored[0]);
    int heavy = 0;
    for (var e : truth.entrySet()) {
      boolean present = s.isMonitored(e.getKey().lo(), e.getKey().hi());
      if (!present) assertTrue(e.getValue() <= s.errorBound(), "unmonitored item with true count " + e.getValue());
      if (e.getValue() * (double) s.capacity() > n) {
        heavy++;
        assertTrue(present, "heavy hitter with true count " + e.getValue() + " > N/m = " + (double) n / s.capacity() + " missing");
      }
    }
    return heavy;
  }

  @Test
  void estimatesStayWithinTrueCountPlusNOverMAndHeavyHittersArePresent() {
    for (int m : new int[] {16, 50, 400}) {
      for (long seed = 1; seed <= 3; seed++) {
        SpaceSavingSummary s = new SpaceSavingSummary(V, MAX_N, m);
        Map<Key, Long> truth = new HashMap<>();
        feed(s, truth, seed, 20_000);
        assertTrue(s.errorBound() > 0, "stream should overflow m=" + m);
        assertTrue(assertGuarantees(s, truth, (double) s.totalWeight() / m) > 0, "no heavy hitters");
      }
    }
  }

  @Test
  void guaranteedCountsNeverExceedTrueCountsAndMissByAtMostTheBound() {
    SpaceSavingSummary s = new SpaceSavingSummary(V, MAX_N, 50);
    Map<Key, Long> truth = new HashMap<>();
    feed(s, truth, 7, 20_000);
    int[] seen = {0};
    s.guaranteedCounts().forEach((lo, hi, g) -> {
      seen[0]++;
      long t = truth.get(new Key(lo, hi));
      assertTrue(g >= 1 && g <= t && t - g <= s.errorBound(), "guaranteed " + g + ", true " + t);
      assertEquals(s.count(lo, hi) - s.error(lo, hi), g);
    });
    assertTrue(seen[0] > 0 && seen[0] <= s.size());
  }

  @Test
  void countsAreExactWhileCountersRemain() {
    SpaceSavingSummary s = new SpaceSavingSummary(V, MAX_N, 100_000);
    Map<Key, Long> truth = new HashMap<>();
    feed(s, truth, 4, 5000);
    assertEquals(0, s.errorBound());
    assertEquals(truth.size(), s.size());
    for (var e : truth.entrySet()) assertEquals(e.getValue(), s.count(e.getKey().lo(), e.getKey().hi()));
  }

  @Test
  void mergeOfTwoSummariesObeysTheSummedBound() {
    int heavy = 0;
    for (int m : new int[] {16, 60, 200}) {
      SpaceSavingSummary a = new SpaceSavingSummary(V, MAX_N, m);
      SpaceSavingSummary b = new SpaceSavingSummary(V, MAX_N, m);
      Map<Key, Long> truthA = new HashMap<>();
      Map<Key, Long> truthB = new HashMap<>();
      feed(a, truthA, 10, 15_000, 0);
      // B's ranks 1-3 are tokens A rarely sees and A's top tokens are B's ranks 4, 5, ...: each
      // side monitors n-grams the other does not, and the union has more strong n-grams than m.
      feed(b, truthB, 11, 12_000, V - 3);
      double summed = (double) a.totalWeight() / m + (double) b.totalWeight() / m;
      Map<Key, Long> truth = new HashMap<>(truthA);
      truthB.forEach((k, c) -> truth.merge(k, c, Long::sum));
      SpaceSavingSummary bCopy = SpaceSavingSummary.fromBytes(b.toBytes());
      bCopy.merge(SpaceSavingSummary.fromBytes(a.toBytes())); // the other direction
      a.merge(b);
      assertTrue(a.errorBound() > 0);
      heavy += assertGuarantees(a, truth, summed);
      assertGuarantees(bCopy, truth, summed);
      // The merged summary keeps working as a stream summary.
      feed(a, truth, 12, 5_000);
      assertGuarantees(a, truth, (double) a.totalWeight() / m);
    }
    assertTrue(heavy > 0, "no heavy hitters in any merged stream");
  }

  @Test
  void mergeThatDropsCountersRaisesTheBoundToTheLargestDroppedEstimate() {
    // Two exact summaries (bound 0) of disjoint n-grams, all with count 10: the merge keeps m of
    // the 2m and drops n-grams of true count 10, so the bound must become 10, not 0 + 0.
    int m = 8;
    SpaceSavingSummary a = new SpaceSavingSummary(V, MAX_N, m);
    SpaceSavingSummary b = new SpaceSavingSummary(V, MAX_N, m);
    Map<Key, Long> truth = new HashMap<>();
    for (int i = 0; i < 2 * m; i++) {
      int[] g = {i, i + 1};
      long lo = PACKER.lo(g, 0, 2);
      long hi = PACKER.hi(g, 0, 2);
      (i < m ? a : b).offer(lo, hi, 10);
      truth.put(new Key(lo, hi), 10L);
    }
    assertEquals(0, a.errorBound());
    a.merge(b);
    assertEquals(m, a.size());
    assertEquals(10, a.errorBound());
    assertGuarantees(a, truth, (double) a.totalWeight() / m);
  }

  @Test
  void mergingWithAnEmptySummaryChangesNothing() {
    SpaceSavingSummary a = new SpaceSavingSummary(V, MAX_N, 30);
    feed(a, new HashMap<>(), 60, 4000);
    assertTrue(a.errorBound() > 0);
    SpaceSavingSummary before = SpaceSavingSummary.fromBytes(a.toBytes());
    a.merge(new SpaceSavingSummary(V, MAX_N, 30));
    assertTrue(a.sameContent(before), a + " vs " + before);
    SpaceSavingSummary empty = new SpaceSavingSummary(V, MAX_N, 30);
    empty.merge(before);
    assertTrue(empty.sameContent(before), empty + " vs " + before);
  }

  @Test
  void treeOfMergesFromFourWorkersKeepsTheGuarantees() {
    int m = 40;
    Map<Key, Long> truth = new HashMap<>();
    SpaceSavingSummary[] workers = new SpaceSavingSummary[4];
    for (int w = 0; w < 4; w++) {
      workers[w] = new SpaceSavingSummary(V, MAX_N, m);
      feed(workers[w], truth, 20 + w, 4000 + 3000 * w, (V - 3 * w) % V);
    }
    workers[0].merge(workers[1]);
    workers[2].merge(workers[3]);
    workers[0].merge(workers[2]);
    assertTrue(assertGuarantees(workers[0], truth, (double) workers[0].totalWeight() / m) > 0);
  }

  @Test
  void mergeRefusesSummariesOfAnotherCapacity() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new SpaceSavingSummary(V, MAX_N, 10).merge(new SpaceSavingSummary(V, MAX_N, 11)));
    assertTrue(e.getMessage().contains("m=11"), e.getMessage());
  }

  @Test
  void serializationRoundTripGivesAnEqualSummaryThatEvolvesIdentically() {
    SpaceSavingSummary s = new SpaceSavingSummary(V, MAX_N, 64);
    feed(s, new HashMap<>(), 30, 8000);
    SpaceSavingSummary other = new SpaceSavingSummary(V, MAX_N, 64);
    feed(other, new HashMap<>(), 31, 3000);
    s.merge(other);
    SpaceSavingSummary copy = SpaceSavingSummary.fromBytes(s.toBytes());
    assertTrue(copy.sameContent(s) && s.sameContent(copy));
    feed(s, new HashMap<>(), 32, 2000);
    feed(copy, new HashMap<>(), 32, 2000);
    assertTrue(copy.sameContent(s));
    SpaceSavingSummary empty = new SpaceSavingSummary(V, MAX_N, 3);
    assertTrue(SpaceSavingSummary.fromBytes(empty.toBytes()).sameContent(empty));
  }

  private static byte[] withCrc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    return bytes;
  }

  private static String refusal(byte[] bytes) {
    return assertThrows(IllegalArgumentException.class, () -> SpaceSavingSummary.fromBytes(bytes)).getMessage();
  }

  @Test
  void corruptBytesAreRefusedWithAClearError() {
    SpaceSavingSummary s = new SpaceSavingSummary(V, MAX_N, 32);
    feed(s, new HashMap<>(), 40, 3000);
    byte[] good = s.toBytes();
    int header = 40;

    Random rnd = new Random(41);
    for (int i = 0; i < 50; i++) {
      byte[] flipped = good.clone();
      int at = header + rnd.nextInt(good.length - header - 4);
      flipped[at] ^= (byte) (1 + rnd.nextInt(255));
      assertTrue(refusal(flipped).contains("checksum mismatch"));
    }
    assertTrue(refusal(java.util.Arrays.copyOf(good, good.length - 1)).contains("bytes for 32 counters"));
    assertTrue(refusal(new byte[3]).contains("expected at least"));
    byte[] magic = good.clone();
    magic[0] = 'X';
    assertTrue(refusal(magic).contains("magic"));
    byte[] version = good.clone();
    ByteBuffer.wrap(version).putInt(4, 2);
    assertTrue(refusal(version).contains("format version 1, found 2"));

    // Checksum right, invariants broken: a count below the error bound, a repeated key, N too small.
    byte[] lowCount = good.clone();
    ByteBuffer.wrap(lowCount).putLong(header + 16, 0);
    assertTrue(refusal(withCrc(lowCount)).contains("count >= 1"), refusal(withCrc(lowCount)));
    byte[] repeated = good.clone();
    ByteBuffer rb = ByteBuffer.wrap(repeated);
    rb.putLong(header + 32, rb.getLong(header)).putLong(header + 40, rb.getLong(header + 8));
    assertTrue(refusal(withCrc(repeated)).contains("repeats counter 0"));
    byte[] smallTotal = good.clone();
    ByteBuffer.wrap(smallTotal).putLong(24, 10);
    assertTrue(refusal(withCrc(smallTotal)).contains("more than N=10"));
    byte[] badKey = good.clone();
    ByteBuffer.wrap(badKey).putLong(header, 0);
    assertTrue(refusal(withCrc(badKey)).contains("length 0"));
  }

  @Test
  void nonPositiveWeightIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> new SpaceSavingSummary(V, MAX_N, 4).offer(1, 0, 0));
    assertTrue(e.getMessage().contains("weight"), e.getMessage());
  }

  @Test
  void offerAllFeedsLocallyPreAggregatedCounts() {
    NgramCounter local = new NgramCounter(V, MAX_N);
    new ZipfTokens(V, 1.0, 50).documents(20, 200).forEach(local::addDocument);
    SpaceSavingSummary s = new SpaceSavingSummary(V, MAX_N, 1_000_000);
    s.offerAll(local);
    assertEquals(local.occurrences(), s.totalWeight());
    assertEquals(BruteForceCounts.asMap(local), BruteForceCounts.asMap(s));
  }
}
