package dev.scone.training.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SeedStatisticsTest {

  @Test
  void tQuantilesMatchTheTabulatedValues() {
    // Two-sided 95% critical values of Student's t (any statistics table; R: qt(0.975, df)).
    assertEquals(12.706205, SeedStatistics.tQuantile(0.95, 1), 1e-5);
    assertEquals(4.302653, SeedStatistics.tQuantile(0.95, 2), 1e-5);
    assertEquals(2.776445, SeedStatistics.tQuantile(0.95, 4), 1e-5);
    assertEquals(2.042272, SeedStatistics.tQuantile(0.95, 30), 1e-5);
    assertEquals(9.924843, SeedStatistics.tQuantile(0.99, 2), 1e-5);
  }

  @Test
  void summaryUsesTheSampleStandardDeviation() {
    SeedStatistics.Summary s = SeedStatistics.summary(new double[] {2, 4, 4, 4, 5, 5, 7, 9});
    assertEquals(8, s.n());
    assertEquals(5.0, s.mean(), 1e-12);
    assertEquals(2.138090, s.sd(), 1e-6); // sqrt(32 / 7), not the population 2.0
    assertTrue(Double.isNaN(SeedStatistics.summary(new double[] {3}).sd()), "one seed has no spread");
  }

  @Test
  void meanIntervalOfThreeSeedsIsMeanPlusMinusTTimesStandardError() {
    SeedStatistics.Interval i = SeedStatistics.meanInterval(new double[] {1, 2, 3}, 0.95);
    // mean 2, sd 1, t(0.975, 2) / sqrt(3) = 2.484138
    assertEquals(2.0, i.mean(), 1e-12);
    assertEquals(-0.484138, i.low(), 1e-5);
    assertEquals(4.484138, i.high(), 1e-5);
    assertFalse(i.excludesZero());
  }

  @Test
  void pairedDifferenceCancelsTheSharedSeedEffect() {
    // Seeds move both models together (x ~ y + 1 with small noise): unpaired the spread is ~1,
    // paired it is 0.1, so the paired interval excludes 0.
    double[] x = {10.0, 11.0, 12.0};
    double[] y = {9.0, 9.9, 11.1};
    SeedStatistics.Interval d = SeedStatistics.pairedDifference(x, y, 0.95);
    assertEquals(1.0, d.mean(), 1e-12);
    assertEquals(1.0 - 4.302653 * 0.1 / Math.sqrt(3), d.low(), 1e-5);
    assertEquals(1.0 + 4.302653 * 0.1 / Math.sqrt(3), d.high(), 1e-5);
    assertTrue(d.excludesZero());
    assertTrue(SeedStatistics.pairedDifference(y, x, 0.95).high() < 0, "a - b below 0: a is lower");
  }

  @Test
  void oneSeedGivesNoIntervalAndSoNoClaim() {
    SeedStatistics.Interval d = SeedStatistics.pairedDifference(new double[] {10}, new double[] {5}, 0.95);
    assertEquals(5.0, d.mean(), 1e-12);
    assertTrue(Double.isNaN(d.low()));
    assertFalse(d.excludesZero(), "a single seed can never support a claim");
  }

  @Test
  void unequalSeedCountsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> SeedStatistics.pairedDifference(new double[] {1, 2}, new double[] {1}, 0.95));
  }
}
