package dev.scone.jobs.rescore;

import java.io.Serializable;
import java.util.Objects;

/**
 * Whether and how a rescore run recycles: scores this bundle computed before are reused, and
 * stored layer-k activations of a bundle with the same lower part run only the upper blocks
 * ({@code dev.scone.model.recycle.RecyclingScorer}). Serializable: the scoring operator carries it.
 *
 * @param dir the recycle store's directory (by default {@code STORE/recycle}: it must outlive a
 *     run and follow the bundles it is keyed by, which a run's work directory does not)
 * @param layer the split layer k, or null for the bundle's recorded frozen layers, else half
 * @param budgetBytes the store is trimmed to this many bytes (least recently used first) when a
 *     scoring subtask ends, >= 0
 */
public record RecycleConfig(String dir, Integer layer, long budgetBytes) implements Serializable {
  /** 2 GiB: about 4 M stored positions of a d=128 model (each position is stored ~twice: windows overlap). */
  public static final long DEFAULT_BUDGET_BYTES = 2L << 30;

  public RecycleConfig {
    Objects.requireNonNull(dir, "dir");
    if (layer != null && layer < 0) throw new IllegalArgumentException("recycle layer must be >= 0, got " + layer);
    if (budgetBytes < 0) throw new IllegalArgumentException("recycle budget must be >= 0 bytes, got " + budgetBytes);
  }
}
