package dev.scone.fgram.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promises of gather, row and the writer beyond round trips: argument checks, threads, closing. */
class EmbeddingTableContractTest {
  @TempDir Path dir;
  private Path file;
  private float[] values;
  private final EmbeddingTableMeta meta = Fixtures.meta(10, 40, 6, EmbeddingDtype.FLOAT32, 7);

  @BeforeEach
  void writeTable() throws Exception {
    file = dir.resolve("table.arrow");
    values = Fixtures.values(new Random(31), 40 * 6, 1f);
    Fixtures.writeTable(file, meta, values, new Random(31));
  }

  private static ByteBuffer direct(int bytes) {
    return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void outOfRangeIdIsRefusedNamingIdAndRowsAndNothingIsWritten() throws Exception {
    try (EmbeddingTable t = EmbeddingTable.open(file)) {
      ByteBuffer dst = direct(3 * 6 * 4);
      IndexOutOfBoundsException e =
          assertThrows(IndexOutOfBoundsException.class, () -> t.gather(new int[] {1, 2, 40}, 3, dst));
      assertTrue(e.getMessage().contains("row id 40") && e.getMessage().contains("40 rows"), e.getMessage());
      for (int i = 0; i < dst.capacity(); i++) assertEquals(0, dst.get(i), "nothing written before the check failed");
      e = assertThrows(IndexOutOfBoundsException.class, () -> t.row(-1));
      assertTrue(e.getMessage().contains("row id -1"), e.getMessage());
    }
  }

  @Test
  void idsBeyondCountAreIgnored() throws Exception {
    try (EmbeddingTable t = EmbeddingTable.open(file)) {
      ByteBuffer dst = direct(6 * 4);
      t.gather(new int[] {3, 999}, 1, dst);
      assertEquals(values[3 * 6], dst.getFloat(0));
    }
  }

  @Test
  void unsuitableDestinationsAreRefused() throws Exception {
    try (EmbeddingTable t = EmbeddingTable.open(file)) {
      int[] ids = {0, 1};
      ByteBuffer heap = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
      assertThrows(IllegalArgumentException.class, () -> t.gather(ids, 2, heap));
      assertThrows(IllegalArgumentException.class, () -> t.gather(ids, 2, ByteBuffer.allocateDirect(48)));
      assertThrows(IllegalArgumentException.class, () -> t.gather(ids, 2, direct(47)));
      assertThrows(IllegalArgumentException.class, () -> t.gather(ids, 2, direct(48).asReadOnlyBuffer()));
      assertThrows(IllegalArgumentException.class, () -> t.gather(ids, 3, direct(100)));
      t.gather(ids, 2, direct(48));
    }
  }

  @Test
  void concurrentGathersAgreeWithTheRows() throws Exception {
    try (EmbeddingTable t = EmbeddingTable.open(file)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
          long seed = thread;
          done.add(pool.submit(() -> {
            Random rnd = new Random(seed);
            for (int k = 0; k < 300; k++) EmbeddingTableRoundTripTest.assertGatherMatchesRows(t, rnd);
            return null;
          }));
        }
        for (Future<?> f : done) f.get();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void closedTableRefusesLookups() throws Exception {
    EmbeddingTable t = EmbeddingTable.open(file);
    t.close();
    t.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> t.row(0));
    assertThrows(IllegalStateException.class, () -> t.gather(new int[] {0}, 1, direct(24)));
  }

  @Test
  void writerRefusesNonFiniteValuesAndFloat16Overflow() throws Exception {
    try (EmbeddingTableWriter w = EmbeddingTableWriter.create(dir.resolve("nan.arrow"), meta)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> w.append(new float[] {0, 0, Float.NaN, 0, 0, 0}));
      assertTrue(e.getMessage().contains("row 0 column 2 is NaN"), e.getMessage());
      float[] infinite = {Float.NEGATIVE_INFINITY, 0, 0, 0, 0, 0};
      assertThrows(IllegalArgumentException.class, () -> w.append(infinite));
    }
    EmbeddingTableMeta half = Fixtures.meta(10, 40, 6, EmbeddingDtype.FLOAT16, 7);
    try (EmbeddingTableWriter w = EmbeddingTableWriter.create(dir.resolve("half.arrow"), half)) {
      float[] tooLarge = {0, 0, 0, 0, 0, 70_000f};
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.append(tooLarge));
      assertTrue(e.getMessage().contains("overflows float16"), e.getMessage());
      w.append(new float[] {65_504f, -65_504f, 0, 0, 0, 0}); // the largest finite half is fine
    }
  }

  @Test
  void writerRefusesWrongRowCounts() throws Exception {
    try (EmbeddingTableWriter w = EmbeddingTableWriter.create(dir.resolve("short.arrow"), meta)) {
      w.append(values, 0, 39);
      IllegalStateException e = assertThrows(IllegalStateException.class, w::finish);
      assertTrue(e.getMessage().contains("39 rows appended; the table has 40"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> w.append(values, 0, 2));
      assertThrows(IllegalArgumentException.class, () -> w.append(new float[5]));
    }
    assertFalse(Files.exists(dir.resolve("short.arrow")));
  }

  @Test
  void abandonedWriterLeavesNoFileAndKeepsThePublishedOne() throws Exception {
    byte[] before = Files.readAllBytes(file);
    try (EmbeddingTableWriter w = EmbeddingTableWriter.create(file, meta)) {
      w.append(values, 0, 20);
    }
    assertArrayEquals(before, Files.readAllBytes(file));
    try (var listing = Files.list(dir)) {
      List<String> names = listing.map(p -> p.getFileName().toString()).sorted().toList();
      assertEquals(List.of("table.arrow", "table.arrow.sha256"), names);
    }
  }

  @Test
  void republishingReplacesFileAndSidecarTogether() throws Exception {
    float[] other = Fixtures.values(new Random(32), 40 * 6, 1f);
    String sha = Fixtures.writeTable(file, meta.withBatchRows(40), other, new Random(32));
    try (EmbeddingTable t = EmbeddingTable.open(file, TableExpectation.any().withFileSha256(sha))) {
      assertEquals(40, t.metadata().batchRows());
      assertEquals(other[7], t.row(1)[1]);
    }
  }
}
