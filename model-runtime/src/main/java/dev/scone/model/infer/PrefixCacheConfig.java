package dev.scone.model.infer;

import java.io.Serializable;

/**
 * How a served bundle reuses the attention keys and values of token prefixes it computed
 * recently ({@link PrefixCache}).
 *
 * @param enabled false: every request is computed from its first token
 * @param blockTokens the granularity of reuse: a prefix is reused in whole blocks of this many
 *     tokens (16 by default, as vLLM's blocks: smaller blocks reuse more of a prefix but cost more
 *     lookups and per-block overhead)
 * @param budgetBytes the most bytes the cached blocks may hold; the least recently and least
 *     frequently used blocks are evicted past it
 */
public record PrefixCacheConfig(boolean enabled, int blockTokens, long budgetBytes) implements Serializable {

  /** 16-token blocks in 64 MiB: at d=128 and 2-4 layers, 1,000-2,000 blocks (16-32k tokens). */
  public static final PrefixCacheConfig DEFAULT = new PrefixCacheConfig(true, 16, 64L << 20);

  public static final PrefixCacheConfig OFF = new PrefixCacheConfig(false, 16, 0);

  public PrefixCacheConfig {
    if (blockTokens < 1) throw new IllegalArgumentException("blockTokens must be >= 1, got " + blockTokens);
    if (budgetBytes < 0) throw new IllegalArgumentException("budgetBytes must be >= 0, got " + budgetBytes);
    if (enabled && budgetBytes == 0) {
      throw new IllegalArgumentException("an enabled prefix cache needs a budget > 0 bytes");
    }
  }

  /** The default cache with a budget of {@code megabytes} MiB; 0 turns it off. */
  public static PrefixCacheConfig ofMegabytes(long megabytes) {
    if (megabytes < 0) throw new IllegalArgumentException("the prefix cache budget must be >= 0 MiB, got " + megabytes);
    if (megabytes > Long.MAX_VALUE >> 20) throw new IllegalArgumentException("the prefix cache budget of " + megabytes + " MiB is too large");
    return megabytes == 0 ? OFF : new PrefixCacheConfig(true, DEFAULT.blockTokens(), megabytes << 20);
  }
}
