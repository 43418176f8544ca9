package dev.scone.fgram.table;

import dev.scone.fgram.arrow.ArrowFileLayout;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Small random vocabularies and tables for the tests, plus raw Arrow files for refusal cases. */
public final class Fixtures {
  public static final String SHA_A = "3f2a".repeat(16);
  public static final String SHA_B = "91bc".repeat(16);

  private Fixtures() {}

  /** A random vocabulary of {@code size} distinct f-grams over {@code vocabSize} tokens, in rank order. */
  public static FgramVocabulary vocabulary(Random rnd, int vocabSize, int maxN, int size, long version) {
    Set<List<Integer>> seen = new HashSet<>();
    List<int[]> grams = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    while (grams.size() < size) {
      int n = 2 + rnd.nextInt(maxN - 1);
      int[] g = new int[n];
      for (int j = 0; j < n; j++) g[j] = rnd.nextInt(vocabSize);
      List<Integer> key = Arrays.stream(g).boxed().toList();
      if (seen.add(key)) {
        grams.add(g);
        counts.add(1L + rnd.nextInt(rnd.nextBoolean() ? 5 : 1_000_000));
      }
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparing((Integer i) -> i, (a, b) ->
        FgramVocabulary.compareRank(counts.get(a), grams.get(a), counts.get(b), grams.get(b))));
    List<int[]> sorted = new ArrayList<>();
    long[] sortedCounts = new long[size];
    for (int i = 0; i < size; i++) {
      sorted.add(grams.get(order[i]));
      sortedCounts[i] = counts.get(order[i]);
    }
    return FgramVocabulary.of(new FgramVocabulary.Meta("r50k_base", vocabSize, maxN, version), sorted, sortedCounts);
  }

  /** Random finite floats of mixed magnitude, including zeros, negative zero and tiny values. */
  static float[] values(Random rnd, int count, float range) {
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      switch (rnd.nextInt(12)) {
        case 0: v[i] = 0f; break;
        case 1: v[i] = -0f; break;
        case 2: v[i] = (float) (rnd.nextGaussian() * 1e-6); break;
        default: v[i] = (float) ((rnd.nextDouble() * 2 - 1) * range);
      }
    }
    return v;
  }

  public static EmbeddingTableMeta meta(int vocabSize, int rows, int dim, EmbeddingDtype dtype, int batchRows) {
    return new EmbeddingTableMeta("r50k_base", vocabSize, 5, 7, dim, dtype, rows, SHA_A, "m-3", batchRows);
  }

  /** Writes {@code values} (rows x dim, row-major) as a table in 1..3-row appends; returns the file's SHA-256. */
  public static String writeTable(Path file, EmbeddingTableMeta meta, float[] values, Random rnd) throws IOException {
    try (EmbeddingTableWriter w = EmbeddingTableWriter.create(file, meta)) {
      int row = 0;
      while (row < meta.rows()) {
        int n = Math.min(meta.rows() - row, 1 + rnd.nextInt(3));
        w.append(values, row * meta.dim(), n);
        row += n;
      }
      return w.finish();
    }
  }

  /**
   * An Arrow file with arbitrary flat or fixed-size-list columns and metadata: {@code rows} rows
   * of zeros (all valid) in one batch, written with Arrow's own writer, not the scone ones.
   */
  public static void writeRaw(Path file, List<Field> fields, Map<String, String> metadata, int rows) throws IOException {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields, metadata), allocator);
        FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, out)) {
      for (FieldVector v : root.getFieldVectors()) {
        v.setInitialCapacity(rows);
        v.allocateNew();
        markValid(v, rows);
        if (v instanceof FixedSizeListVector) {
          markValid(((FixedSizeListVector) v).getDataVector(), rows * ((FixedSizeListVector) v).getListSize());
        }
      }
      root.setRowCount(rows);
      writer.start();
      writer.writeBatch();
      writer.end();
    }
  }

  private static void markValid(FieldVector v, int count) {
    for (int i = 0; i < count; i++) BitVectorHelper.setBit(v.getValidityBuffer(), i);
  }

  /** Index of the {@code nth} occurrence of {@code needle} in {@code hay}, or -1. */
  static int indexOf(byte[] hay, byte[] needle, int nth) {
    int seen = 0;
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length) && seen++ == nth) return i;
    }
    return -1;
  }

  /** The record batch blocks of an Arrow file, as its footer lists them. */
  static List<ArrowBlock> blocks(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      List<ArrowBlock> out = new ArrayList<>();
      for (ArrowFileLayout.Batch b : ArrowFileLayout.read(file, ch).batches) out.add(b.block());
      return out;
    }
  }

  /** Which bytes of an Arrow file are record batch bodies (row data), as opposed to metadata. */
  public static boolean[] bodyBytes(Path file) throws IOException {
    boolean[] body = new boolean[(int) Files.size(file)];
    for (ArrowBlock b : blocks(file)) {
      long start = b.getOffset() + b.getMetadataLength();
      for (long i = start; i < start + b.getBodyLength(); i++) body[(int) i] = true;
    }
    return body;
  }

  /** Overwrites one byte of {@code file} in place (cheaper than rewriting the file per flip). */
  public static void putByte(Path file, int position, byte value) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {value}), position);
    }
  }
}
