package dev.scone.fgram.table;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Rows of an embedding table by row id ({@code < V}: token rows; {@code V + id(σ)}: f-gram rows),
 * always handed out as float32. Implementations are thread-safe for concurrent lookups.
 */
public interface EmbeddingLookup {
  /** Number of rows, {@code V + |F|}. */
  int rows();

  /** Values per row. */
  int dim();

  /**
   * Writes rows {@code rowIds[0..count)} back to back into {@code directDst} as {@code count *
   * dim} little-endian float32 values, starting at its position; the position is not moved.
   *
   * @param directDst a direct, writable buffer in {@link java.nio.ByteOrder#LITTLE_ENDIAN} order
   *     with at least {@code count * dim * 4} bytes remaining
   * @throws IndexOutOfBoundsException naming the first id outside {@code [0, rows)}; nothing is
   *     written then
   * @throws IllegalArgumentException when the buffer or count does not fit
   */
  void gather(int[] rowIds, int count, ByteBuffer directDst);

  /** A copy of row {@code rowId} as float32. */
  float[] row(int rowId);

  /**
   * A hint that rows {@code rowIds[0..count)} will be gathered soon: implementations that read
   * from disk may start bringing them in (see {@link TableReadPath}); gathers are correct whether
   * or not it ran or finished. {@code rowIds} must not change until the future completes. The
   * default does nothing.
   */
  default CompletableFuture<Void> prefetch(int[] rowIds, int count) {
    return CompletableFuture.completedFuture(null);
  }
}
