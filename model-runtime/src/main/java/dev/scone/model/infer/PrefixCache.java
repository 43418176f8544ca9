package dev.scone.model.infer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The attention keys and values (and token log-probs) of recently computed token prefixes, in
 * blocks of {@link PrefixCacheConfig#blockTokens} positions, so a request that starts with a
 * prefix computed before resumes after it instead of recomputing it (automatic prefix caching, as
 * in vLLM and SGLang). Block b's key is the chained digest of every token up to its end
 * ({@link PrefixDigests}) plus this cache's namespace (the bundle's model and table versions), so
 * a hit is exact: the same tokens under the same weights and table rows give the same keys and
 * values. Only prefixes starting at position 0 are cached (absolute positions).
 *
 * <p>Blocks live in a Caffeine cache weighed in bytes (Window TinyLFU eviction past the budget).
 * A cache belongs to one loaded bundle: a hot swap opens the next bundle with a new, empty cache
 * and {@link #close} empties the old one, so no block outlives the weights that computed it.
 * Thread-safe.
 */
public final class PrefixCache implements AutoCloseable {

  private record BlockKey(String namespace, ByteBuffer digest) {}

  private final PrefixCacheConfig config;
  private final String namespace;
  private final Cache<BlockKey, PrefixBlock> blocks;
  private final LongAdder lookedUpTokens = new LongAdder();
  private final LongAdder reusedTokens = new LongAdder();

  private PrefixCache(PrefixCacheConfig config, String namespace) {
    this.config = config;
    this.namespace = namespace;
    this.blocks = Caffeine.newBuilder()
        .maximumWeight(config.budgetBytes())
        .weigher((BlockKey k, PrefixBlock b) -> b.bytes())
        .executor(Runnable::run) // evict on the caller's thread: the budget holds when put returns
        .recordStats()
        .build();
  }

  /**
   * An empty cache.
   *
   * @param namespace what the blocks were computed with, e.g. "model m3 / table v7": part of
   *     every key
   * @throws IllegalArgumentException for a disabled config (use no cache instead)
   */
  public static PrefixCache create(PrefixCacheConfig config, String namespace) {
    if (!config.enabled()) throw new IllegalArgumentException("the prefix cache is disabled in " + config);
    return new PrefixCache(config, namespace);
  }

  public int blockTokens() {
    return config.blockTokens();
  }

  public String namespace() {
    return namespace;
  }

  /** The cached blocks for {@code digests}, from block 0 up to the first missing one. */
  List<PrefixBlock> lookup(byte[][] digests) {
    List<PrefixBlock> hits = new ArrayList<>();
    for (byte[] digest : digests) {
      PrefixBlock block = blocks.getIfPresent(new BlockKey(namespace, ByteBuffer.wrap(digest)));
      if (block == null) break;
      hits.add(block);
    }
    return hits;
  }

  void put(byte[] digest, PrefixBlock block) {
    blocks.put(new BlockKey(namespace, ByteBuffer.wrap(digest)), block);
  }

  /** Counts one sequence: {@code looked} prefix positions it could have reused, {@code reused} it did. */
  void record(int looked, int reused) {
    lookedUpTokens.add(looked);
    reusedTokens.add(reused);
  }

  public Stats stats() {
    var s = blocks.stats();
    long bytes = blocks.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    return new Stats(lookedUpTokens.sum(), reusedTokens.sum(), blocks.estimatedSize(), bytes,
        s.evictionCount(), s.hitCount(), s.missCount());
  }

  /** Drops every block (the counters stay). */
  public void clear() {
    blocks.invalidateAll();
    blocks.cleanUp();
  }

  @Override
  public void close() {
    clear();
  }

  /**
   * @param lookedUpTokens positions of sequences the cache was asked about (their first windows)
   * @param reusedTokens of those, positions not computed again
   * @param blocks blocks held now
   * @param bytes bytes held now (the budget's measure)
   * @param evictions blocks evicted for the budget so far
   * @param blockHits block lookups that hit
   * @param blockMisses block lookups that missed (at most one per sequence: a lookup stops there)
   */
  public record Stats(long lookedUpTokens, long reusedTokens, long blocks, long bytes, long evictions,
      long blockHits, long blockMisses) {

    /** Reused share of the looked-up positions, in [0, 1]; 0 before any lookup. */
    public double tokenHitRate() {
      return lookedUpTokens == 0 ? 0 : (double) reusedTokens / lookedUpTokens;
    }
  }
}
