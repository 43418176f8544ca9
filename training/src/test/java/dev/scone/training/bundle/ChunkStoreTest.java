package dev.scone.training.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a precompute keeps is what the next run reads: the rows, the copied count, the fingerprint. */
class ChunkStoreTest {
  @TempDir Path dir;

  @Test
  void aChunkWrittenByOneStoreIsReadBackByTheNextOne() throws IOException {
    float[] rows = {1, 2, 3, 4, 5, 6, -7.5f, 8, 9e-3f};
    ChunkStore.open(dir, 3, "rows of model m1\n").write(4, rows, 3, 2);
    assertEquals(8 + 4 * rows.length, Files.size(dir.resolve("chunk-00000004.rows")), "header + float32 rows");

    float[] out = new float[rows.length];
    ChunkStore again = ChunkStore.open(dir, 3, "rows of model m1\n"); // as a restarted run opens it
    assertEquals(Optional.of(2), again.read(4, 3, out));
    assertArrayEquals(rows, out);
    assertEquals(Optional.empty(), again.read(5, 3, out), "a chunk never written is computed");
    assertEquals(Optional.empty(), again.read(4, 2, out), "a chunk of another size is computed");
  }

  @Test
  void keptRowsMeaningSomethingElseAreDropped() throws IOException {
    ChunkStore.open(dir, 2, "rows of model m1\n").write(0, new float[] {1, 2}, 1, 0);
    ChunkStore other = ChunkStore.open(dir, 2, "rows of model m2\n");
    assertEquals(Optional.empty(), other.read(0, 1, new float[2]));
    assertEquals(false, Files.exists(dir.resolve("chunk-00000000.rows")));
  }
}
