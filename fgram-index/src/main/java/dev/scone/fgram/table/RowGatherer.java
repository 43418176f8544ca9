package dev.scone.fgram.table;

import dev.scone.fgram.arrow.ColumnTypes;
import dev.scone.fgram.arrow.MappedArrowFile;
import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.files.PageAdvice;
import java.nio.file.Path;
import org.apache.arrow.memory.util.Float16;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;

/**
 * Row addresses of a loaded table and the copy/decode loops over them. Row {@code r} lives in
 * batch {@code r / batchRows} at {@code data[batch] + (r % batchRows) * dim * bytesPerElement};
 * an int8 row's scale at {@code scale[batch] + (r % batchRows) * 4}. A gather is that
 * arithmetic plus one memory copy per row (float32) or a decode loop (float16, int8).
 *
 * <p>Immutable; callers keep the mapping alive (see {@link MappedArrowFile}) and check ids first.
 */
final class RowGatherer {
  private final EmbeddingDtype dtype;
  private final int dim;
  private final int batchRows;
  private final long rowBytes; // stored bytes per row
  private final long[] data; // per batch: address of row 0's first element
  private final long[] scale; // per batch: address of row 0's scale (int8 only)

  private RowGatherer(EmbeddingTableMeta meta, long[] data, long[] scale) {
    this.dtype = meta.dtype();
    this.dim = meta.dim();
    this.batchRows = meta.batchRows();
    this.rowBytes = (long) dim * dtype.bytesPerElement();
    this.data = data;
    this.scale = scale;
  }

  /** Checks every batch's shape and buffer sizes against {@code meta} and takes its addresses. */
  static RowGatherer of(Path file, EmbeddingTableMeta meta, MappedArrowFile mapped) throws TableFormatException {
    int batches = mapped.batchCount();
    if (batches != meta.batches()) {
      throw new TableFormatException(file, "has " + batches + " record batches; " + meta.rows() + " rows in batches of "
          + meta.batchRows() + " make " + meta.batches());
    }
    long[] data = new long[batches];
    long[] scale = new long[meta.dtype().scaled() ? batches : 0];
    for (int b = 0; b < batches; b++) {
      int rows = b < batches - 1 ? meta.batchRows() : meta.rows() - (batches - 1) * meta.batchRows();
      VectorSchemaRoot root = mapped.batch(b);
      if (root.getRowCount() != rows) {
        throw new TableFormatException(
            file, "record batch " + b + " has " + root.getRowCount() + " rows (expected " + rows + ")");
      }
      FieldVector values = ((FixedSizeListVector) root.getVector(ColumnTypes.EMBEDDING)).getDataVector();
      data[b] = address(file, mapped, b, values, (long) rows * meta.dim(), meta.dtype().bytesPerElement());
      if (meta.dtype().scaled()) {
        scale[b] = address(file, mapped, b, root.getVector(ColumnTypes.SCALE), rows, Float.BYTES);
      }
    }
    return new RowGatherer(meta, data, scale);
  }

  private static long address(Path file, MappedArrowFile mapped, int batch, FieldVector v, long values, int width)
      throws TableFormatException {
    long bytes = values * width;
    if (v.getValueCount() != values || v.getDataBuffer().capacity() < bytes) {
      throw new TableFormatException(file, "record batch " + batch + " column " + v.getName() + " holds "
          + v.getValueCount() + " values in " + v.getDataBuffer().capacity() + " bytes (expected " + values
          + " values, " + bytes + " bytes)");
    }
    mapped.requireMapped(batch, v.getName(), v.getDataBuffer(), bytes);
    return v.getDataBuffer().memoryAddress();
  }

  /** Writes {@code ids[0..count)} as float32 rows at native address {@code out}; ids already checked. */
  void gather(int[] ids, int count, long out) {
    long outRow = (long) dim * Float.BYTES;
    switch (dtype) {
      case FLOAT32:
        for (int i = 0; i < count; i++) MemoryUtil.copyMemory(source(ids[i]), out + i * outRow, rowBytes);
        break;
      case FLOAT16:
        for (int i = 0; i < count; i++) decodeHalf(source(ids[i]), out + i * outRow);
        break;
      default:
        for (int i = 0; i < count; i++) decodeInt8(ids[i], out + i * outRow);
    }
  }

  /**
   * Reads one byte of every page the stored row {@code id} spans (and its int8 scale), so that a
   * table not in memory pages it in; returns a checksum of what it read.
   */
  long touch(int id) {
    long src = source(id);
    long sum = MemoryUtil.getByte(src) + MemoryUtil.getByte(src + rowBytes - 1);
    for (long page = (src | 4095) + 1; page < src + rowBytes; page += 4096) sum += MemoryUtil.getByte(page);
    if (dtype.scaled()) sum += MemoryUtil.getByte(scaleAddress(id));
    return sum;
  }

  /** Asks the kernel to start reading the pages of the stored row {@code id} (and its scale), without waiting. */
  void willNeed(int id) {
    PageAdvice.advise(source(id), rowBytes, PageAdvice.Advice.WILLNEED);
    if (dtype.scaled()) PageAdvice.advise(scaleAddress(id), Float.BYTES, PageAdvice.Advice.WILLNEED);
  }

  private long source(int id) {
    int batch = id / batchRows;
    return data[batch] + (id - (long) batch * batchRows) * rowBytes;
  }

  /** Address of the int8 row {@code id}'s float32 scale. */
  private long scaleAddress(int id) {
    int batch = id / batchRows;
    return scale[batch] + (id - (long) batch * batchRows) * Float.BYTES;
  }

  private void decodeHalf(long src, long dst) {
    for (int j = 0; j < dim; j++) {
      float v = Float16.toFloat(MemoryUtil.getShort(src + 2L * j));
      MemoryUtil.putInt(dst + 4L * j, Float.floatToRawIntBits(v));
    }
  }

  private void decodeInt8(int id, long dst) {
    int batch = id / batchRows;
    long r = id - (long) batch * batchRows;
    float s = Float.intBitsToFloat(MemoryUtil.getInt(scale[batch] + 4 * r));
    long src = data[batch] + r * rowBytes;
    for (int j = 0; j < dim; j++) {
      MemoryUtil.putInt(dst + 4L * j, Float.floatToRawIntBits(MemoryUtil.getByte(src + j) * s));
    }
  }

  /** Row {@code id} decoded to float32; id already checked. */
  float[] row(int id) {
    float[] out = new float[dim];
    long src = source(id);
    switch (dtype) {
      case FLOAT32:
        for (int j = 0; j < dim; j++) out[j] = Float.intBitsToFloat(MemoryUtil.getInt(src + 4L * j));
        break;
      case FLOAT16:
        for (int j = 0; j < dim; j++) out[j] = Float16.toFloat(MemoryUtil.getShort(src + 2L * j));
        break;
      default:
        float s = Float.intBitsToFloat(MemoryUtil.getInt(scaleAddress(id)));
        for (int j = 0; j < dim; j++) out[j] = MemoryUtil.getByte(src + j) * s;
    }
    return out;
  }
}
