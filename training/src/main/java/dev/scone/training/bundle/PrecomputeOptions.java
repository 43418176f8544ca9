package dev.scone.training.bundle;

import dev.scone.fgram.table.EmbeddingTableMeta;

/**
 * How a precompute batches its work. Memory: at most {@code fgramsPerChunk * d} floats of rows
 * on the heap at once (plus the main model's token embedding, {@code M * d} floats), and one
 * record batch of {@code tableBatchRows} rows off-heap in the writer.
 *
 * @param fgramBatch f-grams per forward pass of the f-gram model, >= 1
 * @param fgramsPerChunk f-grams read, computed or copied, and appended per step, >= 1; the model
 *     batches each chunk by length, so larger chunks give fuller batches
 * @param tableBatchRows rows per record batch of the table file, >= 1
 * @param progressBar whether to show progress (rows, rows/s, ETA) on stderr ({@link dev.scone.progress.Progress})
 */
public record PrecomputeOptions(int fgramBatch, int fgramsPerChunk, int tableBatchRows, boolean progressBar) {
  public PrecomputeOptions {
    if (fgramBatch < 1) throw new IllegalArgumentException("fgramBatch must be >= 1, got " + fgramBatch);
    if (fgramsPerChunk < 1) throw new IllegalArgumentException("fgramsPerChunk must be >= 1, got " + fgramsPerChunk);
    if (tableBatchRows < 1) throw new IllegalArgumentException("tableBatchRows must be >= 1, got " + tableBatchRows);
  }

  /** 256 f-grams per pass, 4,096 per chunk, the table format's default batch, with a progress bar. */
  public static PrecomputeOptions defaults() {
    return new PrecomputeOptions(256, 4096, EmbeddingTableMeta.DEFAULT_BATCH_ROWS, true);
  }

  public PrecomputeOptions withProgressBar(boolean show) {
    return new PrecomputeOptions(fgramBatch, fgramsPerChunk, tableBatchRows, show);
  }

  public PrecomputeOptions withBatches(int fgramBatch, int fgramsPerChunk, int tableBatchRows) {
    return new PrecomputeOptions(fgramBatch, fgramsPerChunk, tableBatchRows, progressBar);
  }
}
