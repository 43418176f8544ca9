package dev.scone.training.bundle;

import dev.scone.fgram.table.EmbeddingDtype;
import java.nio.file.Path;

/**
 * Where and how a precompute writes its table.
 *
 * @param file the {@code table.arrow} to publish (atomically, with a {@code .sha256} sidecar)
 * @param dtype float32, float16 or int8 with a per-row scale
 * @param version the table's {@code version} metadata (a bundle uses its own version), >= 0
 */
public record TableTarget(Path file, EmbeddingDtype dtype, long version) {
  public TableTarget {
    if (file == null) throw new IllegalArgumentException("file is required");
    if (dtype == null) throw new IllegalArgumentException("dtype is required");
    if (version < 0) throw new IllegalArgumentException("version must be >= 0, got " + version);
  }
}
