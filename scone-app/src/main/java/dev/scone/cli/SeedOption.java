package dev.scone.cli;

import picocli.CommandLine.Option;

/**
 * {@code --seed}, mixed in by the commands whose result depends on random numbers (train,
 * generate): the same seed and arguments give the same result. Commands where it overrides
 * another default (a plan's, the service's) declare their own {@code --seed} without a default.
 */
public final class SeedOption {

  @Option(names = "--seed", defaultValue = "1",
      description = "Seeds every random number (initialisation, sampling, dropout): same seed, same result.")
  private long seed;

  public long value() {
    return seed;
  }
}
