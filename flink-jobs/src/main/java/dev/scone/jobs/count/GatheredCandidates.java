package dev.scone.jobs.count;

/**
 * The candidate batches of every counting subtask, brought to one count scale for selection, and
 * what the mode says about how exact those counts are. Not thread-safe.
 *
 * <ul>
 *   <li>{@link CountingMode#EXACT}: counts as sent; error bound 0.
 *   <li>{@link CountingMode#BOUNDED}: guaranteed counts as sent; {@link #errorBound} is the stated
 *       bound {@code max_s floor(N_s / m)} and {@link #observedErrorBound} the summaries' own,
 *       {@code max_s errorBound_s} (never larger).
 *   <li>{@link CountingMode#RECENCY}: each subtask's scaled counts decayed to one time {@code T},
 *       the newest event time of any subtask: {@code floor(c / 2^F * 2^-((T - landmark_s) /
 *       halfLife))} occurrences; candidates below 1 are dropped.
 * </ul>
 */
final class GatheredCandidates {
  final CandidateCounts counts;
  final long errorBound;
  final long observedErrorBound;
  /** {@link CountingMode#RECENCY}: the time counts were decayed to (ms); else 0. */
  final long decayedToMs;

  private GatheredCandidates(CandidateCounts counts, long errorBound, long observedErrorBound, long decayedToMs) {
    this.counts = counts;
    this.errorBound = errorBound;
    this.observedErrorBound = observedErrorBound;
    this.decayedToMs = decayedToMs;
  }

  static GatheredCandidates of(Iterable<CandidateBatch> batches, CountJobConfig config, int vocabSize) {
    CandidateCounts counts = new CandidateCounts(vocabSize, config.maxN());
    long maxN = 0;
    long observed = 0;
    long t = Long.MIN_VALUE;
    for (CandidateBatch b : batches) {
      maxN = Math.max(maxN, b.totalWeight);
      observed = Math.max(observed, b.errorBound);
      t = Math.max(t, b.maxEventMs);
    }
    for (CandidateBatch b : batches) {
      if (config.mode() == CountingMode.RECENCY) addDecayed(counts, b, t, config.halfLifeMs());
      else counts.addAll(b);
    }
    // An error is a whole number of occurrences at most N_s / m, so at most floor(N_s / m).
    long stated = config.mode() == CountingMode.BOUNDED ? maxN / config.summaryCapacity() : 0;
    return new GatheredCandidates(counts, stated, observed, config.mode() == CountingMode.RECENCY ? t : 0);
  }

  private static void addDecayed(CandidateCounts counts, CandidateBatch b, long t, long halfLifeMs) {
    double factor = Math.scalb(Math.pow(2, -(double) (t - b.landmarkMs) / halfLifeMs), -RecencyPartitionCount.FRACTION_BITS);
    for (int i = 0; i < b.size(); i++) {
      long occurrences = (long) Math.floor(b.count[i] * factor);
      if (occurrences >= 1) counts.add(new NgramCount(b.lo[i], b.hi[i], occurrences));
    }
  }

  /** For the publish log line: the mode's accuracy statement. */
  String accuracy(CountJobConfig config) {
    switch (config.mode()) {
      case BOUNDED:
        return "counts are lower bounds, each at most " + errorBound + " below the true count (N_s/m, m = "
            + config.summaryCapacity() + "; observed bound " + observedErrorBound + ")";
      case RECENCY:
        return "counts decayed to event time " + decayedToMs + " ms, half-life " + config.halfLifeMs() + " ms";
      default:
        return "exact counts";
    }
  }
}
