package dev.scone.jobs;

import dev.scone.fgram.files.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;

/**
 * Checkpoints a local job keeps in a directory of its own, so that the next start of the same
 * command continues where the last one stopped (also after a kill) instead of starting over.
 */
public final class RetainedCheckpoints {
  private RetainedCheckpoints() {}

  /**
   * Flink settings for checkpoints under {@code dir}, retained when the job is cancelled, and a
   * restore from the newest complete one there, if any.
   */
  public static Configuration in(Path dir) throws IOException {
    Files.createDirectories(dir);
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toAbsolutePath().toUri().toString());
    conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
    latest(dir).ifPresent(chk -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, chk.toUri().toString()));
    return conf;
  }

  /**
   * The {@code <job id>/chk-N} directory under {@code root} whose {@code _metadata} (written last,
   * so the checkpoint is complete) is newest; by time, since each run of a job has its own id.
   */
  public static Optional<Path> latest(Path root) throws IOException {
    if (!Files.isDirectory(root)) return Optional.empty();
    try (Stream<Path> files = Files.walk(root, 3)) {
      return files.filter(p -> p.getFileName().toString().equals("_metadata"))
          .filter(p -> p.getParent().getFileName().toString().matches("chk-\\d+"))
          .max(Comparator.comparingLong(RetainedCheckpoints::modified))
          .map(Path::getParent);
    }
  }

  /** Deletes every checkpoint under {@code root}: the next start begins from nothing. */
  public static void forget(Path root) throws IOException {
    if (!Files.isDirectory(root)) return;
    FileTrees.deleteContents(root);
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return Long.MIN_VALUE; // removed meanwhile by Flink's retention: never the newest
    }
  }
}
