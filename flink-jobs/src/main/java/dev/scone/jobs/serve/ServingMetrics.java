package dev.scone.jobs.serve;

import dev.scone.model.infer.PrefixCache;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import java.util.function.Supplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The model operator's metrics, in its metric group: {@code requestsAnswered} (counter) and
 * {@code requestsPerSecond} (meter over 60 s), {@code latencyMs} and {@code batchSize}
 * (histograms over the last 1,000 values), {@code bundlesRefused} and {@code bundleSwaps}
 * (counters), {@code modelVersion} and {@code tableVersion} (gauges of the bundle in use), and the
 * prefix cache of the bundle in use: {@code prefixCacheTokenHitRate} (share of looked-up prompt
 * positions not computed again), {@code prefixCacheBytes}, {@code prefixCacheBlocks} and {@code
 * prefixCacheEvictions} (gauges; they restart from 0 with each bundle, whose cache starts empty).
 * No cache hit rate: the table is read from its memory map without a Caffeine cache, which
 * measured 3-5x slower than the mapped rows for tables in page cache (docs/BENCHMARKS.md, `gather`).
 */
final class ServingMetrics {
  private static final int WINDOW = 1000;

  final Counter answered;
  final Meter perSecond;
  final Histogram latencyMs;
  final Histogram batchSize;
  final Counter refusedBundles;
  final Counter swaps;

  ServingMetrics(MetricGroup group, Supplier<String> modelVersion, LongSupplier tableVersion,
      Supplier<Optional<PrefixCache>> prefixCache) {
    answered = group.counter("requestsAnswered");
    perSecond = group.meter("requestsPerSecond", new MeterView(answered, 60));
    latencyMs = group.histogram("latencyMs", new DescriptiveStatisticsHistogram(WINDOW));
    batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(WINDOW));
    refusedBundles = group.counter("bundlesRefused");
    swaps = group.counter("bundleSwaps");
    group.gauge("modelVersion", (Gauge<String>) modelVersion::get);
    group.gauge("tableVersion", (Gauge<Long>) tableVersion::getAsLong);
    Supplier<PrefixCache.Stats> stats = () -> prefixCache.get().map(PrefixCache::stats).orElse(null);
    group.gauge("prefixCacheTokenHitRate", (Gauge<Double>) () -> value(stats, PrefixCache.Stats::tokenHitRate));
    group.gauge("prefixCacheBytes", (Gauge<Double>) () -> value(stats, s -> (double) s.bytes()));
    group.gauge("prefixCacheBlocks", (Gauge<Double>) () -> value(stats, s -> (double) s.blocks()));
    group.gauge("prefixCacheEvictions", (Gauge<Double>) () -> value(stats, s -> (double) s.evictions()));
  }

  private static double value(Supplier<PrefixCache.Stats> stats, ToDoubleFunction<PrefixCache.Stats> field) {
    PrefixCache.Stats s = stats.get();
    return s == null ? 0 : field.applyAsDouble(s);
  }

  void answered(long latency) {
    answered.inc();
    latencyMs.update(latency);
  }
}
