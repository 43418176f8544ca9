package dev.scone.fgram.table;

import dev.scone.fgram.arrow.ColumnTypes;
import dev.scone.fgram.files.StagedFile;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.Float16;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes an embedding table ({@code table.arrow}) row by row, streaming: only one record batch of
 * {@code meta.batchRows()} rows is in (direct) memory at a time, so tables larger than the heap
 * are fine. Rows are appended in row-id order; exactly {@code meta.rows()} of them, then {@link
 * #finish()} publishes the file atomically with its {@code .sha256} sidecar and returns the
 * file's SHA-256. Closing without finishing leaves no file behind.
 *
 * <p>Values must be finite. FLOAT16 stores Arrow's {@code Float16.toFloat16} of each value and
 * refuses values beyond its range (±65504); INT8 stores {@code round(v / scale)} with {@code scale
 * = maxabs(row) / 127}. Not thread-safe: one writer thread.
 */
public final class EmbeddingTableWriter implements AutoCloseable {
  private final EmbeddingTableMeta meta;
  private final StagedFile staged;
  private final BufferAllocator allocator;
  private final VectorSchemaRoot root;
  private final ArrowFileWriter writer;
  private final ArrowBuf values; // current batch: rows x dim elements of meta.dtype()
  private final ArrowBuf scales; // current batch: one float32 per row (int8 only)
  private int inBatch;
  private long written;
  private boolean finished;

  private EmbeddingTableWriter(EmbeddingTableMeta meta, StagedFile staged, BufferAllocator allocator)
      throws IOException {
    this.meta = meta;
    this.staged = staged;
    this.allocator = allocator;
    Schema schema = new Schema(ColumnTypes.table(meta.dim(), meta.dtype()), meta.toMetadata());
    this.root = VectorSchemaRoot.create(schema, allocator);
    FixedSizeListVector embedding = (FixedSizeListVector) root.getVector(ColumnTypes.EMBEDDING);
    embedding.setInitialCapacity(meta.batchRows());
    embedding.allocateNew();
    markAllValid(embedding);
    markAllValid(embedding.getDataVector());
    this.values = embedding.getDataVector().getDataBuffer();
    if (meta.dtype().scaled()) {
      FieldVector scale = root.getVector(ColumnTypes.SCALE);
      scale.setInitialCapacity(meta.batchRows());
      scale.allocateNew();
      markAllValid(scale);
      this.scales = scale.getDataBuffer();
    } else {
      this.scales = null;
    }
    this.writer = new ArrowFileWriter(root, null, staged.channel());
    writer.start();
  }

  /** Starts writing the table described by {@code meta} to {@code file} (published on finish). */
  public static EmbeddingTableWriter create(Path file, EmbeddingTableMeta meta) throws IOException {
    StagedFile staged = StagedFile.create(file);
    BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
    try {
      return new EmbeddingTableWriter(meta, staged, allocator);
    } catch (IOException | RuntimeException e) {
      allocator.close();
      staged.close();
      throw e;
    }
  }

  /** Every row is present: the buffers are reused batch after batch, so the bits are set once. */
  private static void markAllValid(FieldVector v) {
    ArrowBuf validity = v.getValidityBuffer();
    validity.setOne(0L, validity.capacity());
  }

  public EmbeddingTableMeta meta() {
    return meta;
  }

  /** Rows appended so far. */
  public long rowsWritten() {
    return written;
  }

  /** Appends one row of {@code dim} values. */
  public void append(float[] row) throws IOException {
    if (row.length != meta.dim()) {
      throw new IllegalArgumentException("row " + written + " has " + row.length + " values; dim is " + meta.dim());
    }
    append(row, 0, 1);
  }

  /** Appends {@code count} rows stored back to back in {@code rows[offset ..]} (row-major, dim each). */
  public void append(float[] rows, int offset, int count) throws IOException {
    int dim = meta.dim();
    if (offset < 0 || count < 0 || (long) offset + (long) count * dim > rows.length) {
      throw new IllegalArgumentException(
          count + " rows of " + dim + " from offset " + offset + " exceed an array of " + rows.length);
    }
    if (finished) throw new IllegalStateException(staged.target() + ": writer already finished or closed");
    if (written + count > meta.rows()) {
      throw new IllegalStateException(
          staged.target() + ": " + (written + count) + " rows appended; the table has " + meta.rows());
    }
    for (int r = 0; r < count; r++) {
      encodeRow(rows, offset + r * dim, inBatch);
      written++;
      if (++inBatch == meta.batchRows()) flush();
    }
  }

  private void encodeRow(float[] src, int from, int slot) {
    int dim = meta.dim();
    long base = (long) slot * dim;
    for (int j = 0; j < dim; j++) checkFinite(src[from + j], j);
    switch (meta.dtype()) {
      case FLOAT32:
        for (int j = 0; j < dim; j++) values.setFloat((base + j) * 4, src[from + j]);
        break;
      case FLOAT16:
        for (int j = 0; j < dim; j++) values.setShort((base + j) * 2, toHalf(src[from + j], j));
        break;
      default:
        float scale = Int8Quantizer.scale(src, from, dim);
        scales.setFloat(slot * 4L, scale);
        for (int j = 0; j < dim; j++) values.setByte(base + j, Int8Quantizer.quantize(src[from + j], scale));
    }
  }

  private void checkFinite(float v, int column) {
    if (!Float.isFinite(v)) {
      throw new IllegalArgumentException(
          "row " + written + " column " + column + " is " + v + "; table values must be finite");
    }
  }

  private short toHalf(float v, int column) {
    short h = Float16.toFloat16(v);
    if (Float.isInfinite(Float16.toFloat(h))) {
      throw new IllegalArgumentException(
          "row " + written + " column " + column + " = " + v + " overflows float16 (largest finite: 65504)");
    }
    return h;
  }

  private void flush() throws IOException {
    root.setRowCount(inBatch);
    writer.writeBatch();
    inBatch = 0;
  }

  /**
   * Writes the last batch and the footer and publishes the file.
   *
   * @return the SHA-256 hex of the published file
   * @throws IllegalStateException unless exactly {@code meta.rows()} rows were appended
   */
  public String finish() throws IOException {
    if (finished) throw new IllegalStateException(staged.target() + ": writer already finished or closed");
    if (written != meta.rows()) {
      throw new IllegalStateException(
          staged.target() + ": " + written + " rows appended; the table has " + meta.rows());
    }
    if (inBatch > 0) flush();
    writer.end();
    finished = true;
    releaseArrow();
    return staged.commit();
  }

  /** Abandons an unfinished table (nothing is published); a no-op after {@link #finish()}. */
  @Override
  public void close() throws IOException {
    if (!finished) {
      finished = true;
      releaseArrow();
    }
    staged.close();
  }

  private void releaseArrow() {
    writer.close();
    root.close();
    allocator.close();
  }
}
