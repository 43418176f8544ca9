package dev.scone.model.recycle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow IPC plumbing of the recycle store's files: one column, one record batch, schema
 * metadata for the key. Writes go to a temporary file beside the target and are renamed into
 * place, so a reader sees a whole file or none (no fsync: a lost file is only recomputed).
 */
final class RecycleArrow {
  private static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  private static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

  /** A file read back: its metadata and its values. */
  record Read<T>(Map<String, String> metadata, T values) {}

  private RecycleArrow() {}

  /** {@code values.length / dim} rows of {@code name: FixedSizeList<Float32>[dim]}. */
  static void writeRows(Path file, String name, int dim, float[] values, Map<String, String> metadata,
      BufferAllocator allocator) throws IOException {
    Field item = new Field("item", FieldType.notNullable(FLOAT32), null);
    Field field = new Field(name, FieldType.notNullable(new ArrowType.FixedSizeList(dim)), List.of(item));
    int rows = values.length / dim;
    write(file, new Schema(List.of(field), metadata), allocator, root -> {
      FixedSizeListVector list = (FixedSizeListVector) root.getVector(name);
      list.allocateNew();
      Float4Vector floats = (Float4Vector) list.getDataVector();
      floats.allocateNew(values.length);
      for (int i = 0; i < values.length; i++) floats.set(i, values[i]);
      floats.setValueCount(values.length);
      for (int r = 0; r < rows; r++) list.setNotNull(r);
      list.setValueCount(rows);
      root.setRowCount(rows);
    });
  }

  /** One row per value of {@code name: Float64}. */
  static void writeDoubles(Path file, String name, double[] values, Map<String, String> metadata,
      BufferAllocator allocator) throws IOException {
    Field field = new Field(name, FieldType.notNullable(FLOAT64), null);
    write(file, new Schema(List.of(field), metadata), allocator, root -> {
      Float8Vector doubles = (Float8Vector) root.getVector(name);
      doubles.allocateNew(values.length);
      for (int i = 0; i < values.length; i++) doubles.set(i, values[i]);
      doubles.setValueCount(values.length);
      root.setRowCount(values.length);
    });
  }

  /** The rows {@link #writeRows} wrote, flat (rows * dim); refuses another layout. */
  static Read<float[]> readRows(Path file, String name, int dim, BufferAllocator allocator) throws IOException {
    return read(file, allocator, root -> {
      FieldVector v = root.getVector(name);
      if (!(v instanceof FixedSizeListVector list) || list.getListSize() != dim
          || !(list.getDataVector() instanceof Float4Vector floats)) {
        throw new IOException(file + ": expected column " + name + ": FixedSizeList<Float32>[" + dim + "], found "
            + root.getSchema());
      }
      return copyOut(floats.getDataBuffer().nioBuffer(0, Math.multiplyExact(root.getRowCount(), dim) * 4),
          Math.multiplyExact(root.getRowCount(), dim));
    });
  }

  /** The values {@link #writeDoubles} wrote. */
  static Read<double[]> readDoubles(Path file, String name, BufferAllocator allocator) throws IOException {
    return read(file, allocator, root -> {
      if (!(root.getVector(name) instanceof Float8Vector doubles)) {
        throw new IOException(file + ": expected column " + name + ": Float64, found " + root.getSchema());
      }
      double[] out = new double[root.getRowCount()];
      doubles.getDataBuffer().nioBuffer(0, out.length * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
      return out;
    });
  }

  private static float[] copyOut(ByteBuffer bytes, int count) {
    float[] out = new float[count];
    bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  private interface Fill {
    void into(VectorSchemaRoot root);
  }

  private interface Extract<T> {
    T from(VectorSchemaRoot root) throws IOException;
  }

  private static void write(Path file, Schema schema, BufferAllocator allocator, Fill fill) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
          FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
        fill.into(root);
        writer.start();
        writer.writeBatch();
        writer.end();
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static <T> Read<T> read(Path file, BufferAllocator allocator, Extract<T> extract) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      if (reader.getRecordBlocks().size() != 1 || !reader.loadNextBatch()) {
        throw new IOException(file + ": expected exactly one record batch, found " + reader.getRecordBlocks().size());
      }
      Map<String, String> metadata = root.getSchema().getCustomMetadata();
      return new Read<>(metadata == null ? Map.of() : metadata, extract.from(root));
    }
  }
}
