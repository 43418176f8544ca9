package dev.scone.cli;

import picocli.CommandLine.Option;

/**
 * What f-grams a command selects, mixed in with {@code @Mixin} by every command that selects them
 * (fgrams, count, count-live, train, bench count-stream and match): {@code --max-n},
 * {@code --fgrams} and {@code --fgram-min-count}, with the same names, defaults and meaning
 * everywhere.
 */
public final class FgramOptions {

  /**
   * The one default S. In the full experiment grid (docs/RESULTS.md) 8k to 64k f-grams gave
   * SOTU perplexities within 3% of each other and 32k the lowest; the same S for training and the
   * live count makes a refreshed table as large as the one the model was trained with.
   */
  public static final String DEFAULT_FGRAMS = "32000";

  @Option(names = "--max-n", defaultValue = "5", description = "Longest f-gram, n.")
  private int maxN;

  /** The longest n-gram counted, n. */
  public int maxN() {
    return maxN;
  }

  @Option(names = "--fgrams", defaultValue = DEFAULT_FGRAMS, paramLabel = "S",
      description = "f-grams kept, S: the most frequent n-grams. The default did best in docs/RESULTS.md's grid"
          + " (8k-64k), and training and live counting keep the same S.")
  private int fgrams;

  /** How many f-grams are kept, S. */
  public int fgrams() {
    return fgrams;
  }

  @Option(names = "--fgram-min-count", defaultValue = "5", description = "Times an n-gram must occur to be kept.")
  private long minCount;

  /** How often an n-gram must occur to be kept. */
  public long minCount() {
    return minCount;
  }
}
