package dev.scone.fgram.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes directory trees that something else may be deleting at the same time. Flink removes a
 * finished job's checkpoint directories asynchronously, so a walk-then-delete that lists a
 * directory and then finds it gone must not fail: an entry that vanished is as good as deleted.
 * Symbolic links are removed, not followed.
 */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes {@code root} and everything under it; nothing when it does not exist. */
  public static void delete(Path root) throws IOException {
    Files.walkFileTree(root, new Deleter(null));
  }

  /** Deletes everything under {@code root} but keeps {@code root} itself; nothing when it does not exist. */
  public static void deleteContents(Path root) throws IOException {
    Files.walkFileTree(root, new Deleter(root));
  }

  private static final class Deleter extends SimpleFileVisitor<Path> {
    private final Path kept;

    Deleter(Path kept) {
      this.kept = kept;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      Files.deleteIfExists(file);
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
      if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE;
      throw e;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
      if (e != null && !(e instanceof NoSuchFileException)) throw e;
      if (!dir.equals(kept)) Files.deleteIfExists(dir);
      return FileVisitResult.CONTINUE;
    }
  }
}
