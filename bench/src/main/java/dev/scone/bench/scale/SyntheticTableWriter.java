package dev.scone.bench.scale;

import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingTableMeta;
import dev.scone.fgram.table.EmbeddingTableWriter;
import dev.scone.model.TokenIdMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a serving table of any size in a stream, for systems benchmarks only: row {@code t < V}
 * is the model's token row of {@code ids.toModel(t)}, every f-gram row is seeded random values, not
 * the f-gram model's output (precomputing 100 M rows would take hours here; the read path does
 * not care what the bytes are). Row {@code r}'s values are pool row {@code mix(r) % POOL_ROWS} of
 * a pool drawn once from the seed, so writing costs copies, not 13 G random draws. Memory: the
 * pool (16 MiB at d = 128) and one chunk; the writer holds one record batch.
 */
final class SyntheticTableWriter {
  private static final int POOL_ROWS = 32_768;
  private static final int CHUNK_ROWS = 4_096;

  private SyntheticTableWriter() {}

  /**
   * Writes {@code rows} rows stored as {@code dtype} of width {@code tokenRows.length / ids.modelVocabSize()} to {@code file}
   * (labelled synthetic in its metadata) and removes the SHA-256 sidecar, so that an open does
   * not hash the file (which would read it all into the page cache).
   */
  static void write(Path file, float[] tokenRows, TokenIdMap ids, long rows, EmbeddingDtype dtype, long seed)
      throws IOException {
    int vocab = ids.tokenizerVocabSize();
    int dim = tokenRows.length / ids.modelVocabSize();
    if (rows > Integer.MAX_VALUE - 1 || rows <= vocab) {
      throw new IllegalArgumentException(rows + " rows: a table needs more than V = " + vocab + " and fewer than 2^31");
    }
    EmbeddingTableMeta meta = new EmbeddingTableMeta("synthetic", vocab, 5, 1, dim, dtype,
        (int) rows, "00".repeat(32), "synthetic-random-rows", EmbeddingTableMeta.DEFAULT_BATCH_ROWS);
    float[] pool = new float[POOL_ROWS * dim];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < pool.length; i++) pool[i] = (float) (random.nextDouble() * 2 - 1);
    float[] chunk = new float[CHUNK_ROWS * dim];
    try (EmbeddingTableWriter writer = EmbeddingTableWriter.create(file, meta)) {
      for (int t = 0; t < vocab; t++) writer.append(tokenRows, ids.toModel(t) * dim, 1);
      for (long from = vocab; from < rows; from += CHUNK_ROWS) {
        int n = (int) Math.min(CHUNK_ROWS, rows - from);
        for (int i = 0; i < n; i++) {
          int source = (int) Long.remainderUnsigned(mix(seed + from + i), POOL_ROWS);
          System.arraycopy(pool, source * dim, chunk, i * dim, dim);
        }
        writer.append(chunk, 0, n);
      }
      writer.finish();
    }
    Files.deleteIfExists(FileSha256.sidecarOf(file));
  }

  /** SplitMix64's finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
