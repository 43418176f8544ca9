package dev.scone.training.bundle;

import dev.scone.fgram.table.EmbeddingDtype;
import java.nio.file.Path;

/**
 * Where and how a precompute writes its table.
 *
 * @param file the {@code table.arrow} to publish (atomically, with a {@code .sha256} sidecar)
 * @param dtype float32, float16 or int8 with a per-row scale
 * @param version the table's {@code version} metadata (a bundle uses its own version), >= 0
 * @param workDir where computed f-gram rows are kept chunk by chunk until the table is published,
 *     so that a run after a kill continues where it stopped ({@link ChunkStore}); null: not resumable
 */
public record TableTarget(Path file, EmbeddingDtype dtype, long version, Path workDir) {
  /** A target whose precompute starts over after a kill. */
  public TableTarget(Path file, EmbeddingDtype dtype, long version) {
    this(file, dtype, version, null);
  }

  /** This target, resumable with computed rows kept in {@code dir}. */
  public TableTarget resumableIn(Path dir) {
    return new TableTarget(file, dtype, version, dir);
  }

  public TableTarget {
    if (file == null) throw new IllegalArgumentException("file is required");
    if (dtype == null) throw new IllegalArgumentException("dtype is required");
    if (version < 0) throw new IllegalArgumentException("version must be >= 0, got " + version);
  }
}
