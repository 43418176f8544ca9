package dev.scone.bench.fgram;

import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.table.EmbeddingTableMeta;
import dev.scone.fgram.table.EmbeddingTableWriter;
import dev.scone.fgram.table.TableExpectation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * The tables {@link GatherBench} reads: built once in the work directory under names that say
 * their shape ({@code gather-bench-float32-1048576x256.arrow}) and reused while they open with
 * that shape. A file of that name that does not open as such is left alone and reported: the
 * bench deletes and overwrites nothing it did not create.
 */
final class GatherBenchTables {
  private static final int CHUNK_ROWS = 1024;

  private GatherBenchTables() {}

  /** Opens the bench table of this shape and dtype, building it first if absent. */
  static EmbeddingTable openOrBuild(Path workDir, GatherBench.Config c, EmbeddingDtype dtype) throws IOException {
    int rows = c.rows();
    int dim = c.dim();
    long seed = c.seed();
    Path file = workDir.resolve("gather-bench-" + dtype.label() + "-" + rows + "x" + dim + ".arrow");
    if (!Files.exists(file)) build(file, rows, dim, dtype, seed);
    TableExpectation shape = TableExpectation.any().withRows(rows).withDim(dim);
    try {
      EmbeddingTable t = EmbeddingTable.open(file, shape);
      if (t.dtype() == dtype) return t;
      t.close();
      throw new IOException(file + " exists but holds " + t.dtype().label() + " rows, not " + dtype.label()
          + "; remove it or choose another work directory");
    } catch (TableFormatException e) {
      throw new IOException(file + " exists but is not a usable bench table (" + e.getMessage()
          + "); remove it or choose another work directory", e);
    }
  }

  /** Rows of uniform values in [-1, 1), the same for every dtype (seeded per chunk). */
  private static void build(Path file, int rows, int dim, EmbeddingDtype dtype, long seed) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    int vocabSize = Math.min(rows, 50_257);
    EmbeddingTableMeta meta = new EmbeddingTableMeta(
        "gather-bench", vocabSize, 5, 1, dim, dtype, rows, sha256("gather-bench vocabulary"), "gather-bench", 16_384);
    float[] chunk = new float[CHUNK_ROWS * dim];
    try (EmbeddingTableWriter w = EmbeddingTableWriter.create(file, meta)) {
      for (int first = 0; first < rows; first += CHUNK_ROWS) {
        int n = Math.min(CHUNK_ROWS, rows - first);
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + first);
        for (int i = 0; i < n * dim; i++) chunk[i] = (float) (rnd.nextDouble() * 2 - 1);
        w.append(chunk, 0, n);
      }
      w.finish();
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
