package dev.scone.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --checkpoint-dir}, mixed in by the commands that keep checkpoints and continue from the
 * newest one when started again (count-live, serve, train). Each command says in its description
 * where they go without it.
 */
public final class CheckpointDirOption {

  @Option(names = "--checkpoint-dir", paramLabel = "DIR",
      description = "Where checkpoints are kept; a start continues from the newest one there.")
  private Path dir;

  /** The directory given, else {@code otherwise} (null: none given, none by default). */
  public Path dir(Path otherwise) {
    return dir != null ? dir : otherwise;
  }
}
