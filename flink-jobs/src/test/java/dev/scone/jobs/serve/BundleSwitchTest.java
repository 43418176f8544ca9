package dev.scone.jobs.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.scone.fgram.table.TableReadOptions;
import dev.scone.fgram.table.TableReadPath;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.infer.PrefixCacheConfig;
import dev.scone.model.infer.Score;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The swap itself, without Flink: what is refused, why, and that the bundle in use survives it. */
class BundleSwitchTest {
  @TempDir Path dir;

  @Test
  void refusesDamagedOutsideAndForeignBundlesKeepingTheOneInUse() throws IOException {
    Path storeDir = dir.resolve("store");
    BundleRef v1 = ServingBundles.publish(storeDir, 1);
    BundleRef v2 = ServingBundles.publish(storeDir, 2);
    BundleRef v3 = ServingBundles.publish(storeDir, 3);
    HotSwapIT.flipBytes(BundleStore.at(storeDir).directory(3).resolve("table.arrow"));
    BundleRef foreign = ServingBundles.publish(dir.resolve("other"), 7);
    BundleRef outside = new BundleRef(4, foreign.vocabVersion(), foreign.modelVersion(), foreign.uri(), foreign.sha256(),
        foreign.rows(), foreign.dim(), foreign.dtype(), BundleRef.SCHEMA_VERSION);
    try (BundleSwitch bundles = new BundleSwitch(BundleStore.at(storeDir), Device.cpu(), "gpt2", PrefixCacheConfig.DEFAULT)) {
      bundles.start(v1, null);
      assertEquals(1, bundles.tableVersion());

      Optional<String> damaged = bundles.swapTo(v3);
      assertTrue(damaged.orElseThrow().contains("table.arrow"), damaged.get());
      Optional<String> notInStore = bundles.swapTo(outside);
      assertTrue(notInStore.orElseThrow().contains("is not version 4's directory in this store"), notInStore.get());
      assertNull(bundles.announced("{\"version\": \"five\"}"));
      assertEquals(1, bundles.tableVersion(), "still serving v1");
      assertEquals("m1", bundles.modelVersion());
      assertTrue(bundles.inUse().scorer.score(new int[] {262, 3797, 3332}).logprob() < 0, "v1 still answers");

      assertEquals(Optional.empty(), bundles.swapTo(v2));
      assertEquals(2, bundles.tableVersion());
      assertEquals("m2", bundles.modelVersion());
      assertEquals(v2, bundles.inUseRef());
    }
  }

  @Test
  void restoredVersionWinsOverTheInitialAndFallsBackWhenItIsGone() throws IOException {
    Path storeDir = dir.resolve("store");
    BundleRef v1 = ServingBundles.publish(storeDir, 1);
    BundleRef v2 = ServingBundles.publish(storeDir, 2);
    try (BundleSwitch bundles = new BundleSwitch(BundleStore.at(storeDir), Device.cpu(), "gpt2", PrefixCacheConfig.DEFAULT)) {
      bundles.start(v1, v2);
      assertEquals(2, bundles.tableVersion());
    }
    HotSwapIT.flipBytes(BundleStore.at(storeDir).directory(2).resolve("main.params"));
    try (BundleSwitch bundles = new BundleSwitch(BundleStore.at(storeDir), Device.cpu(), "gpt2", PrefixCacheConfig.DEFAULT)) {
      bundles.start(v1, v2);
      assertEquals(1, bundles.tableVersion(), "a restored bundle that no longer verifies: the configured one");
    }
    HotSwapIT.flipBytes(BundleStore.at(storeDir).directory(1).resolve("table.arrow"));
    try (BundleSwitch bundles = new BundleSwitch(BundleStore.at(storeDir), Device.cpu(), "gpt2", PrefixCacheConfig.DEFAULT)) {
      assertThrows(IOException.class, () -> bundles.start(v1, null), "nothing to serve with");
    }
  }

  @Test
  void refusesABundleOfAnotherTokenizer() throws IOException {
    BundleRef v1 = ServingBundles.publish(dir.resolve("store"), 1);
    try (BundleSwitch bundles = new BundleSwitch(BundleStore.at(dir.resolve("store")), Device.cpu(), "other-tokenizer", PrefixCacheConfig.DEFAULT)) {
      IOException e = assertThrows(IOException.class, () -> bundles.start(v1, null));
      assertTrue(e.getMessage().contains("tokenizer is 'gpt2'"), e.getMessage());
    }
  }

  /** A hot swap starts the new bundle with an empty prefix cache: nothing the old weights computed is served. */
  @Test
  void aSwapServesNoPrefixOfTheOldBundle() throws IOException {
    Path storeDir = dir.resolve("store");
    BundleRef v1 = ServingBundles.publish(storeDir, 1);
    BundleRef v2 = ServingBundles.publish(storeDir, 2);
    int[] doc = new int[24];
    for (int i = 0; i < doc.length; i++) doc[i] = new int[] {262, 3797, 3332, 286, 11}[i % 5];
    PrefixCacheConfig cache = new PrefixCacheConfig(true, 4, 1L << 26);
    Score fresh2;
    try (BundleSwitch uncached = new BundleSwitch(BundleStore.at(storeDir), Device.cpu(), "gpt2", PrefixCacheConfig.OFF)) {
      uncached.start(v2, null);
      fresh2 = uncached.inUse().scorer.score(doc);
      assertTrue(uncached.prefixCache().isEmpty());
    }
    try (BundleSwitch bundles = new BundleSwitch(BundleStore.at(storeDir), Device.cpu(), "gpt2", cache)) {
      bundles.start(v1, null);
      Score first = bundles.inUse().scorer.score(doc);
      assertTrue(bundles.inUse().scorer.score(doc).cachedTokens() > 0, "v1 reuses its own prefixes");
      assertEquals(Optional.empty(), bundles.swapTo(v2));
      assertEquals(0, bundles.prefixCache().orElseThrow().stats().blocks(), "v2 starts with an empty cache");
      Score second = bundles.inUse().scorer.score(doc);
      assertEquals(0, second.cachedTokens());
      assertTrue(maxAbsDiff(fresh2.tokenLogprobs(), second.tokenLogprobs()) < 1e-5, "v2 answers as v2 without a cache");
      assertTrue(maxAbsDiff(first.tokenLogprobs(), second.tokenLogprobs()) > 1e-3, "v1 and v2 differ, so a stale block would show");
    }
  }

  /** A cache tier and prefetch pool change where rows come from, not the answers; a swap brings its own. */
  @Test
  void aReadPathAnswersAsPlainReadsAndIsRenewedWithEachBundle() throws IOException {
    Path storeDir = dir.resolve("store");
    BundleRef v1 = ServingBundles.publish(storeDir, 1);
    BundleRef v2 = ServingBundles.publish(storeDir, 2);
    int[] doc = {262, 3797, 3332, 286, 11, 262, 3797, 3332};
    Score plain;
    try (BundleSwitch bundles = new BundleSwitch(BundleStore.at(storeDir), Device.cpu(), "gpt2", PrefixCacheConfig.OFF)) {
      bundles.start(v1, null);
      assertTrue(bundles.readPath().isEmpty(), "plain reads by default");
      plain = bundles.inUse().scorer.score(doc);
    }
    try (BundleSwitch bundles = new BundleSwitch(BundleStore.at(storeDir), Device.cpu(), "gpt2", PrefixCacheConfig.OFF,
        TableReadOptions.of(4, 2))) {
      bundles.start(v1, null);
      TableReadPath first = bundles.readPath().orElseThrow();
      Score read = bundles.inUse().scorer.score(doc);
      assertTrue(maxAbsDiff(plain.tokenLogprobs(), read.tokenLogprobs()) < 1e-6, "same rows, same answers");
      assertTrue(bundles.inUse().scorer.score(doc).logprob() < 0);
      assertTrue(first.cacheHitRate() > 0 && first.cacheHitRate() < 1, "the tier missed once and then hit: "
          + first.cacheHitRate());
      assertEquals(Optional.empty(), bundles.swapTo(v2));
      TableReadPath second = bundles.readPath().orElseThrow();
      assertTrue(second != first && second.table() != first.table(), "v2's rows are read through a path over v2's table");
    }
  }

  private static double maxAbsDiff(double[] a, double[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
    return max;
  }
}
