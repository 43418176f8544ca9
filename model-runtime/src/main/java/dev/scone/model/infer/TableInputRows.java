package dev.scone.model.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.match.IncrementalMatch;
import dev.scone.fgram.table.EmbeddingLookup;
import dev.scone.model.LanguageModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SCONE at inference: matcher rows over the document, each position's vector gathered from the
 * precomputed table (rows {@code < V} are the model's token rows, already mapped through the
 * TokenIdMap when the table was written) into one reused direct staging buffer that the model
 * wraps without copying. No f-gram model runs here. A table larger than RAM is served through
 * a {@link dev.scone.fgram.table.TableReadPath} (cache tier, prefetch): see {@link #rows}.
 */
final class TableInputRows implements InputRows {

  private final LanguageModel model;
  private final EmbeddingLookup table;
  private final FgramMatcher matcher;
  private final int rowBytes; // d float32
  private ByteBuffer staging; // grows to the largest batch seen, little-endian == native here

  TableInputRows(LanguageModel model, EmbeddingLookup table, FgramMatcher matcher) {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      // Table rows are little-endian and the model wraps memory in native order.
      throw new UnsupportedOperationException("serving from a table needs a little-endian machine");
    }
    this.model = model;
    this.table = table;
    this.matcher = matcher;
    this.rowBytes = table.dim() * Float.BYTES;
    this.staging = ByteBuffer.allocateDirect(0).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * The document's rows; their reads start here (a no-op unless the lookup is a prefetching
   * {@link dev.scone.fgram.table.TableReadPath}), so a table on disk brings them in on its I/O
   * pool while the scorer plans windows and runs the forwards of earlier batches. The gather in
   * {@link #inputs} does not wait for the prefetch: a row not in yet faults in there, correct
   * either way.
   */
  @Override
  public int[] rows(int[] tokens) {
    int[] rows = matcher.rows(tokens);
    table.prefetch(rows, rows.length);
    return rows;
  }

  @Override
  public RowStream stream() {
    IncrementalMatch match = matcher.incremental();
    return match::push;
  }

  @Override
  public NDArray inputs(NDManager manager, int[] rows, int batch, int time) {
    int count = Math.multiplyExact(batch, time);
    ByteBuffer dst = staging(count);
    table.gather(rows, count, dst); // count * d floats at dst's position 0
    return model.wrapInputs(manager, dst, batch, time); // (B, T, d), reads dst directly
  }

  /** The staging buffer with room for {@code count} rows, position 0, limit at the rows' end. */
  private ByteBuffer staging(int count) {
    long bytes = (long) count * rowBytes;
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(count + " rows of " + rowBytes + " bytes exceed 2 GiB;"
          + " score fewer tokens per forward");
    }
    if (staging.capacity() < bytes) {
      staging = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    staging.clear().limit((int) bytes);
    return staging;
  }
}
