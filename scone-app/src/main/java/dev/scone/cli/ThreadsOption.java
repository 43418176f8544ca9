package dev.scone.cli;

import dev.scone.model.Devices;
import picocli.CommandLine.Option;

/**
 * {@code --threads}, mixed in by every command that runs one model at a time on this machine:
 * PyTorch's intra-op threads for the process. 0 (the default) leaves the choice to {@link
 * Devices#configureCpuThreads}: every core, or {@code $OMP_NUM_THREADS} when set.
 */
public final class ThreadsOption {

  @Option(names = "--threads", defaultValue = "0",
      description = "PyTorch intra-op threads; 0: every core, or $OMP_NUM_THREADS when set.")
  private int threads;

  /** The count given, 0 for the default. */
  public int count() {
    return threads;
  }

  /** Sets the process's threads accordingly (loads PyTorch); returns the count set. */
  public int configure() {
    return Devices.useCpuThreads(threads);
  }
}
