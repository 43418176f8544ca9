package dev.scone.fgram.files;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir Path dir;

  @Test
  void deletesTheWholeTree() throws Exception {
    Path root = tree(dir.resolve("root"), 3, 4);
    FileTrees.delete(root);
    assertFalse(Files.exists(root));
  }

  @Test
  void aMissingRootIsNothingToDo() {
    assertDoesNotThrow(() -> FileTrees.delete(dir.resolve("never-made")));
    assertDoesNotThrow(() -> FileTrees.deleteContents(dir.resolve("never-made")));
  }

  @Test
  void deleteContentsKeepsTheRootEmpty() throws Exception {
    Path root = tree(dir.resolve("root"), 2, 3);
    FileTrees.deleteContents(root);
    assertTrue(Files.isDirectory(root));
    try (Stream<Path> left = Files.list(root)) {
      assertEquals(0, left.count());
    }
  }

  /** Two deleters on one tree: each finds entries the other already removed, as with Flink's checkpoint cleaner. */
  @Test
  void toleratesAnotherDeleterOnTheSameTree() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        Path root = tree(dir.resolve("race-" + round), 3, 6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> deleters = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          deleters.add(pool.submit(() -> {
            start.await();
            FileTrees.delete(root);
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : deleters) f.get(); // rethrows a deleter's NoSuchFileException, if any
        assertFalse(Files.exists(root), "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Path tree(Path root, int depth, int fanout) throws IOException {
    Files.createDirectories(root);
    for (int i = 0; i < fanout; i++) {
      Files.writeString(root.resolve("f" + i), "x");
      if (depth > 1) tree(root.resolve("d" + i), depth - 1, fanout);
    }
    return root;
  }
}
