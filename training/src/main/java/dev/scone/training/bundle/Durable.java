package dev.scone.training.bundle;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Making a directory's files durable before it is renamed into place, and removing trees. */
final class Durable {
  private static final Logger LOG = LoggerFactory.getLogger(Durable.class);

  private Durable() {}

  /** fsyncs every regular file directly in {@code dir}, then {@code dir} itself. */
  static void syncFilesAndDirectory(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(file)) continue;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
          channel.force(true);
        }
      }
    }
    syncDirectory(dir);
  }

  /** Makes renames and creations in {@code dir} durable; some platforms cannot open a directory. */
  static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
    }
  }
}
