package dev.scone.fgram.match;

/**
 * In which order a batch match tests the suffixes of a position against the Bloom filter.
 *
 * <p>Measured with {@code scone bench match-scale} on SOTU, both orders in one rotation
 * (docs/BENCHMARKS.md, "The matcher at 100 M f-grams"): at 1 M f-grams (a 2 MiB filter, in the
 * caches) the two are level; at 10 M (32 MiB) and 100 M (256 MiB) each filter test is a cache miss,
 * and where most positions end an f-gram of length maxN or maxN - 1 (text whose n-grams are all in
 * F) stopping at the longest passing length is 1.7x faster. On held-out text, whose matches are
 * short, the two are level there too. Small filters keep the branch-free order, which needs no
 * list of waiting positions.
 */
public enum FilterProbing {
  /** Every length 2..maxN at every position, in one branch-free pass per length. */
  EVERY_LENGTH,
  /** Longest first; a position stops at its first (longest) passing length. */
  LONGEST_FIRST;

  /** Filters larger than this (|F| over about 2 M) are probed {@link #LONGEST_FIRST}. */
  static final long LONGEST_FIRST_FROM_BYTES = 4L << 20;

  /** The order for a filter of {@code filterBytes}. */
  public static FilterProbing forFilterBytes(long filterBytes) {
    return filterBytes > LONGEST_FIRST_FROM_BYTES ? LONGEST_FIRST : EVERY_LENGTH;
  }
}
