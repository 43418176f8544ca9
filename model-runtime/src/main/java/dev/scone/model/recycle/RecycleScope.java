package dev.scone.model.recycle;

import dev.scone.model.bundle.FrozenPart;
import java.util.Objects;

/**
 * What a re-scoring run's stored files are keyed by, besides each document's tokens: the bundle
 * (for reusing whole scores) and its lower part (for reusing layer-k activations).
 *
 * @param bundleSha256 the SHA-256 of the bundle's manifest: a score is reused only under the very
 *     bundle that computed it
 * @param frozen the fingerprint of the lower {@code frozen.layers()} blocks: activations are
 *     reused by any bundle with the same fingerprint (same table rows, same lower weights)
 * @param dim d, floats per activation row
 * @param context the model's context length (the windows' length)
 * @param stride the scorer's window stride: another stride gives other windows, so other activations
 */
public record RecycleScope(String bundleSha256, FrozenPart frozen, int dim, int context, int stride) {
  public RecycleScope {
    Objects.requireNonNull(bundleSha256, "bundleSha256");
    Objects.requireNonNull(frozen, "frozen");
    if (dim < 1 || context < 2 || stride < 1) {
      throw new IllegalArgumentException("need dim >= 1, context >= 2, stride >= 1; got " + dim + ", " + context
          + ", " + stride);
    }
  }

  /** The split layer k. */
  public int layer() {
    return frozen.layers();
  }
}
