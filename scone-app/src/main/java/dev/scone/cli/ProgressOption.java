package dev.scone.cli;

import picocli.CommandLine.Option;

/**
 * {@code --[no-]progress}, mixed in by every command that draws progress bars (on stderr, so
 * stdout keeps only results); on by default, {@code --no-progress} for logs and scripts.
 */
public final class ProgressOption {

  @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Draw progress bars on stderr.")
  private boolean progress;

  /** Whether to draw them. */
  public boolean show() {
    return progress;
  }
}
