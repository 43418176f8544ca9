package dev.scone.training.experiment;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Summaries of one measurement repeated over seeds: mean and sample standard deviation, and the
 * Student-t interval of a mean or of a paired difference (seed i of one model against seed i of
 * another, so the shared data order and initialisation noise cancel). Stateless.
 */
public final class SeedStatistics {

  /** The confidence of every interval the experiment reports. */
  public static final double CONFIDENCE = 0.95;

  private SeedStatistics() {}

  /**
   * Mean and sample standard deviation (n - 1 in the denominator; NaN for n = 1).
   *
   * @param n how many seeds
   */
  public record Summary(int n, double mean, double sd) {}

  /**
   * A two-sided interval for a mean; {@code low} and {@code high} are NaN when n < 2 (no spread to
   * estimate from), and then it excludes nothing.
   */
  public record Interval(int n, double mean, double low, double high) {
    /** Whether 0 lies outside [low, high]: the claim "the difference is not zero" holds. */
    public boolean excludesZero() {
      return !Double.isNaN(low) && (low > 0 || high < 0);
    }
  }

  public static Summary summary(double[] values) {
    int n = values.length;
    if (n == 0) throw new IllegalArgumentException("no values to summarise");
    double mean = 0;
    for (double v : values) mean += v;
    mean /= n;
    double squares = 0;
    for (double v : values) squares += (v - mean) * (v - mean);
    return new Summary(n, mean, n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1)));
  }

  /** mean ± t(1 - (1 - confidence) / 2, n - 1) · sd / sqrt(n). */
  public static Interval meanInterval(double[] values, double confidence) {
    Summary s = summary(values);
    if (s.n() < 2) return new Interval(s.n(), s.mean(), Double.NaN, Double.NaN);
    double half = tQuantile(confidence, s.n() - 1) * s.sd() / Math.sqrt(s.n());
    return new Interval(s.n(), s.mean(), s.mean() - half, s.mean() + half);
  }

  /**
   * The interval of mean(x_i - y_i), x and y measured with the same seeds in the same order.
   *
   * @throws IllegalArgumentException when the two have different lengths
   */
  public static Interval pairedDifference(double[] x, double[] y, double confidence) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("paired by seed: " + x.length + " values vs " + y.length);
    }
    double[] d = new double[x.length];
    for (int i = 0; i < d.length; i++) d[i] = x[i] - y[i];
    return meanInterval(d, confidence);
  }

  /** The two-sided Student-t quantile: P(|T| <= q) = confidence for T with {@code df} degrees of freedom. */
  public static double tQuantile(double confidence, int df) {
    if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence in (0, 1), got " + confidence);
    if (df < 1) throw new IllegalArgumentException("df must be >= 1, got " + df);
    return new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }
}
