package dev.scone.fgram.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.files.FileSha256;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.apache.arrow.memory.util.Float16;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingTableRoundTripTest {
  @TempDir Path dir;

  /** Shapes around batch boundaries: fewer rows than a batch, exact multiples, one over, ragged. */
  private static final int[][] SHAPES = {{1, 1, 4}, {5, 8, 3}, {8, 8, 1}, {9, 8, 7}, {37, 5, 16}, {100, 7, 33}};

  @Test
  void float32RowsRoundTripBitExact() throws Exception {
    Random rnd = new Random(1);
    for (int[] shape : SHAPES) {
      int rows = shape[0], batchRows = shape[1], dim = shape[2];
      float[] values = Fixtures.values(rnd, rows * dim, 1e30f);
      Path file = dir.resolve("f32-" + rows + "-" + batchRows + "-" + dim + ".arrow");
      Fixtures.writeTable(file, Fixtures.meta(1, rows, dim, EmbeddingDtype.FLOAT32, batchRows), values, rnd);
      try (EmbeddingTable t = EmbeddingTable.open(file)) {
        for (int r = 0; r < rows; r++) {
          float[] row = t.row(r);
          for (int j = 0; j < dim; j++) {
            assertEquals(Float.floatToRawIntBits(values[r * dim + j]), Float.floatToRawIntBits(row[j]),
                "row " + r + " col " + j + " of " + file.getFileName());
          }
        }
        assertGatherMatchesRows(t, rnd);
      }
    }
  }

  @Test
  void float16RowsEqualArrowsFloat16Rounding() throws Exception {
    Random rnd = new Random(2);
    for (int[] shape : SHAPES) {
      int rows = shape[0], batchRows = shape[1], dim = shape[2];
      float[] values = Fixtures.values(rnd, rows * dim, 60_000f);
      Path file = dir.resolve("f16-" + rows + "-" + batchRows + "-" + dim + ".arrow");
      Fixtures.writeTable(file, Fixtures.meta(1, rows, dim, EmbeddingDtype.FLOAT16, batchRows), values, rnd);
      try (EmbeddingTable t = EmbeddingTable.open(file)) {
        assertEquals(EmbeddingDtype.FLOAT16, t.dtype());
        for (int r = 0; r < rows; r++) {
          float[] row = t.row(r);
          for (int j = 0; j < dim; j++) {
            float expected = Float16.toFloat(Float16.toFloat16(values[r * dim + j]));
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(row[j]), "row " + r + " col " + j);
          }
        }
        assertGatherMatchesRows(t, rnd);
      }
    }
  }

  @Test
  void int8RowsAreWithinHalfAScaleOfTheOriginal() throws Exception {
    Random rnd = new Random(3);
    for (int[] shape : SHAPES) {
      int rows = shape[0], batchRows = shape[1], dim = shape[2];
      float[] values = Fixtures.values(rnd, rows * dim, 3f);
      Path file = dir.resolve("i8-" + rows + "-" + batchRows + "-" + dim + ".arrow");
      Fixtures.writeTable(file, Fixtures.meta(1, rows, dim, EmbeddingDtype.INT8, batchRows), values, rnd);
      try (EmbeddingTable t = EmbeddingTable.open(file)) {
        for (int r = 0; r < rows; r++) {
          float maxAbs = 0;
          for (int j = 0; j < dim; j++) maxAbs = Math.max(maxAbs, Math.abs(values[r * dim + j]));
          float halfScale = maxAbs / 127f / 2f;
          float[] row = t.row(r);
          for (int j = 0; j < dim; j++) {
            float v = values[r * dim + j];
            double slack = halfScale * 1e-5 + Math.ulp(Math.abs(v));
            assertTrue(Math.abs(row[j] - v) <= halfScale + slack,
                "row " + r + " col " + j + ": " + row[j] + " vs " + v + " (half scale " + halfScale + ")");
          }
        }
        assertGatherMatchesRows(t, rnd);
      }
    }
  }

  @Test
  void allZeroInt8RowDecodesToZeros() throws Exception {
    Path file = dir.resolve("zeros.arrow");
    Fixtures.writeTable(file, Fixtures.meta(1, 3, 4, EmbeddingDtype.INT8, 2), new float[12], new Random(4));
    try (EmbeddingTable t = EmbeddingTable.open(file)) {
      for (int r = 0; r < 3; r++) assertArrayEquals(new float[4], t.row(r));
    }
  }

  @Test
  void metadataReadBackEqualsWhatWasWritten() throws Exception {
    EmbeddingTableMeta meta = new EmbeddingTableMeta(
        "cl100k_base", 11, 4, 123_456_789_012L, 6, EmbeddingDtype.FLOAT16, 20, Fixtures.SHA_B, "model 2026-11-22", 3);
    Path file = dir.resolve("meta.arrow");
    Fixtures.writeTable(file, meta, Fixtures.values(new Random(5), 120, 1f), new Random(5));
    try (EmbeddingTable t = EmbeddingTable.open(file)) {
      assertEquals(meta, t.metadata());
      assertEquals(20, t.rows());
      assertEquals(6, t.dim());
    }
  }

  @Test
  void tableSpanningSeveralMappingsReadsTheSameRows() throws Exception {
    Random rnd = new Random(6);
    int rows = 50, dim = 8;
    float[] values = Fixtures.values(rnd, rows * dim, 1f);
    Path file = dir.resolve("segments.arrow");
    Fixtures.writeTable(file, Fixtures.meta(1, rows, dim, EmbeddingDtype.FLOAT32, 4), values, rnd);
    try (EmbeddingTable small = EmbeddingTable.open(file, TableExpectation.any(), 600)) {
      assertTrue(small.mappingCount() > 3, "mappings: " + small.mappingCount());
      for (int r = 0; r < rows; r++) {
        float[] expected = new float[dim];
        System.arraycopy(values, r * dim, expected, 0, dim);
        assertArrayEquals(expected, small.row(r), "row " + r);
      }
      assertGatherMatchesRows(small, rnd);
    }
  }

  @Test
  void openingMapsTheFileInsteadOfCopyingIt() throws Exception {
    Random rnd = new Random(8);
    int rows = 2000, dim = 64; // 512 KB of rows
    Path file = dir.resolve("mapped.arrow");
    EmbeddingTableMeta meta = Fixtures.meta(1, rows, dim, EmbeddingDtype.FLOAT32, 300);
    Fixtures.writeTable(file, meta, Fixtures.values(rnd, rows * dim, 1f), rnd);
    long before = mappedBytes();
    try (EmbeddingTable t = EmbeddingTable.open(file)) {
      assertTrue(mappedBytes() - before >= (long) rows * dim * 4, "mapped bytes grew by " + (mappedBytes() - before));
      assertGatherMatchesRows(t, rnd);
    }
  }

  private static long mappedBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(p -> p.getName().equals("mapped")).mapToLong(BufferPoolMXBean::getTotalCapacity).sum();
  }

  @Test
  void writerReturnsTheShaOfThePublishedFileAndWritesItsSidecar() throws Exception {
    Path file = dir.resolve("table.arrow");
    String sha = Fixtures.writeTable(file, Fixtures.meta(2, 9, 3, EmbeddingDtype.FLOAT32, 4),
        Fixtures.values(new Random(7), 27, 1f), new Random(7));
    assertEquals(FileSha256.of(file), sha);
    assertEquals(sha + "  table.arrow\n", Files.readString(FileSha256.sidecarOf(file)));
    try (var listing = Files.list(dir)) {
      assertEquals(2, listing.count(), "only the table and its sidecar, no temporary files");
    }
  }

  /** Random ids (repeats included), a destination with a non-zero position, count below the id array's length. */
  static void assertGatherMatchesRows(EmbeddingLookup t, Random rnd) {
    int count = 1 + rnd.nextInt(3 * t.rows());
    int[] ids = new int[count + 3];
    for (int i = 0; i < ids.length; i++) ids[i] = rnd.nextInt(t.rows());
    int offset = 4 * rnd.nextInt(5);
    ByteBuffer dst = ByteBuffer.allocateDirect(offset + count * t.dim() * 4 + 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < dst.capacity(); i++) dst.put(i, (byte) 0x5A);
    dst.position(offset);
    t.gather(ids, count, dst);
    assertEquals(offset, dst.position(), "gather leaves the position alone");
    for (int i = 0; i < count; i++) {
      float[] expected = t.row(ids[i]);
      for (int j = 0; j < t.dim(); j++) {
        float got = dst.getFloat(offset + (i * t.dim() + j) * 4);
        assertEquals(
            Float.floatToRawIntBits(expected[j]), Float.floatToRawIntBits(got), "gathered row " + i + " col " + j);
      }
    }
    for (int i = offset + count * t.dim() * 4; i < dst.capacity(); i++) {
      assertEquals((byte) 0x5A, dst.get(i), "byte " + i + " after the gathered rows is untouched");
    }
  }
}
