package dev.scone.model.recycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.model.bundle.FrozenPart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecycleStoreTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final String C = "c".repeat(64);
  private static final int DIM = 4;

  @TempDir Path dir;

  private static RecycleScope scope(String bundle, String fingerprint, String tableRows, int layer) {
    return new RecycleScope(bundle, new FrozenPart(layer, fingerprint, tableRows), DIM, 16, 8);
  }

  private static float[] values(int floats) {
    float[] v = new float[floats];
    for (int i = 0; i < v.length; i++) v[i] = i * 0.25f - 3;
    return v;
  }

  @Test
  void activationsAndScoresRoundTripBitForBit() {
    int[] tokens = {5, 6, 7};
    String doc = RecycleStore.documentSha256(tokens);
    try (RecycleStore store = new RecycleStore(dir, Long.MAX_VALUE)) {
      RecycleScope s = scope(A, B, C, 1);
      store.saveActivations(s, doc, 3, values(12));
      store.saveLogprobs(s, doc, 3, new double[] {-1.5, -0.25});
      assertArrayEquals(values(12), store.activations(s, doc, 3, 12).orElseThrow());
      assertArrayEquals(new double[] {-1.5, -0.25}, store.logprobs(s, doc, 3).orElseThrow());
    }
  }

  @Test
  void anotherFingerprintTableOrBundleIsNeverServed() {
    String doc = RecycleStore.documentSha256(new int[] {1, 2});
    try (RecycleStore store = new RecycleStore(dir, Long.MAX_VALUE)) {
      store.saveActivations(scope(A, B, C, 1), doc, 2, values(8));
      store.saveLogprobs(scope(A, B, C, 1), doc, 2, new double[] {-1});
      assertTrue(store.activations(scope(B, B, C, 1), doc, 2, 8).isPresent(), "another bundle, same lower part");
      assertTrue(store.activations(scope(A, C, C, 1), doc, 2, 8).isEmpty(), "another fingerprint (an unfrozen layer)");
      assertTrue(store.logprobs(scope(B, B, C, 1), doc, 2).isEmpty(), "a score belongs to its bundle");
      // Same fingerprint prefix in the file name, another table: the metadata check refuses it.
      assertTrue(store.activations(scope(A, B, A, 1), doc, 2, 8).isEmpty(), "another table version");
      assertTrue(store.activations(scope(A, B, C, 1), doc, 2, 8).isEmpty(), "the mismatching file was dropped");
    }
  }

  @Test
  void aCorruptFileIsAMissAndIsDeleted() throws IOException {
    String doc = RecycleStore.documentSha256(new int[] {9, 9, 9});
    try (RecycleStore store = new RecycleStore(dir, Long.MAX_VALUE)) {
      RecycleScope s = scope(A, B, C, 1);
      store.saveActivations(s, doc, 3, values(12));
      Path file = store.activationFile(s, doc);
      byte[] bytes = Files.readAllBytes(file);
      Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // truncated
      assertEquals(Optional.empty(), store.activations(s, doc, 3, 12));
      assertFalse(Files.exists(file));
      Files.createDirectories(store.scoreFile(s, doc).getParent());
      Files.write(store.scoreFile(s, doc), new byte[] {1, 2, 3}); // garbage
      assertEquals(Optional.empty(), store.logprobs(s, doc, 3));
      store.saveActivations(s, doc, 3, values(12));
      assertTrue(store.activations(s, doc, 3, 12 + DIM).isEmpty(), "a file of another length");
    }
  }

  @Test
  void trimDeletesTheLeastRecentlyUsedFilesDownToTheBudget() throws IOException {
    try (RecycleStore unbounded = new RecycleStore(dir, Long.MAX_VALUE)) {
      for (int i = 0; i < 4; i++) {
        String doc = RecycleStore.documentSha256(new int[] {i});
        unbounded.saveActivations(scope(A, B, C, 1), doc, 1, values(64));
        Files.setLastModifiedTime(unbounded.activationFile(scope(A, B, C, 1), doc), FileTime.fromMillis(1000L * i));
      }
    }
    long one = size(dir) / 4;
    try (RecycleStore store = new RecycleStore(dir, 2 * one)) {
      assertEquals(2 * one, store.trim());
      assertEquals(2 * one, size(dir));
      assertTrue(Files.exists(store.activationFile(scope(A, B, C, 1), RecycleStore.documentSha256(new int[] {3}))));
      assertFalse(Files.exists(store.activationFile(scope(A, B, C, 1), RecycleStore.documentSha256(new int[] {0}))));
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
