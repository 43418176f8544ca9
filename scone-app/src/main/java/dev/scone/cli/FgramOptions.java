package dev.scone.cli;

import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * What f-grams a counting command selects, mixed in with {@code @Mixin}: {@code --max-n},
 * {@code --fgrams} and {@code --min-count}, with the same names, defaults and meaning in every
 * command that has them. {@code scone train} declares its own: its {@code --fgrams} defaults to
 * fewer f-grams and its least count is {@code --fgram-min-count}.
 *
 * <p>Each default is written into its description and never shown again by picocli, so a command
 * with {@code showDefaultValues} does not print it twice.
 */
public final class FgramOptions {

  @Option(names = "--max-n", defaultValue = "5", showDefaultValue = Visibility.NEVER,
      description = "Longest f-gram (default: ${DEFAULT-VALUE}).")
  private int maxN;

  /** The longest n-gram counted, n. */
  public int maxN() {
    return maxN;
  }

  @Option(names = "--fgrams", defaultValue = "100000", showDefaultValue = Visibility.NEVER,
      description = "f-grams kept, S (default: ${DEFAULT-VALUE}).")
  private int fgrams;

  /** How many f-grams are kept, S. */
  public int fgrams() {
    return fgrams;
  }

  @Option(names = "--min-count", defaultValue = "5", showDefaultValue = Visibility.NEVER,
      description = "Minimum count of an f-gram (default: ${DEFAULT-VALUE}).")
  private long minCount;

  /** How often an n-gram must occur to be kept. */
  public long minCount() {
    return minCount;
  }
}
