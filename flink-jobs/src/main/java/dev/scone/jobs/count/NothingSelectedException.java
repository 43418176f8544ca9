package dev.scone.jobs.count;

/**
 * A bounded count selected no f-gram, because no n-gram of the input was seen the least number of
 * times: an empty vocabulary is of no use to a model, so none was published.
 */
public final class NothingSelectedException extends IllegalStateException {
  private final long minCount;

  public NothingSelectedException(long minCount) {
    super("no n-gram was seen " + minCount + " times in the input; nothing published");
    this.minCount = minCount;
  }

  /** The least count no n-gram reached. */
  public long minCount() {
    return minCount;
  }
}
