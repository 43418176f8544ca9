package dev.scone.bench.infer;

import dev.scone.bench.fgram.BenchResult.Figure;
import dev.scone.bench.fgram.BenchResult;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.table.EmbeddingLookup;
import dev.scone.model.LanguageModel;
import dev.scone.model.TokenIdMap;
import dev.scone.model.infer.ModelHandle;
import dev.scone.model.infer.Scorer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Does serving leak? Scores one short document {@code iterations} times on a SCONE handle,
 * sampling the process's resident set (VmRSS of /proc/self/status) and used heap every {@code
 * sampleEvery} iterations. The value is the RSS growth over the second half of the loop (after
 * warm-up: allocator pools, JIT, heap sizing have settled), in MB; the baseline is the same
 * growth for the same loop doing only the match and the table gather (no DJL), run just before
 * it. A sub-manager per call should keep the value near the baseline, i.e. near 0; arrays left in
 * a long-lived manager would grow it by hundreds of MB.
 *
 * <p>Each scoring call leaves tens of KB of short-lived Java objects (DJL's array handles), and
 * the Java heap's pages count in RSS once first touched. So both loops first run unmeasured
 * until the scoring thread has allocated the committed heap's size (and at least a tenth of the
 * iterations: JIT, first native allocations); growth that remains is heap pages touched late
 * (young generation resizing, promotions), a few MB, or a leak.
 *
 * <p>Linux only (RSS figures are NaN elsewhere).
 */
public final class ScoringLeakBench {

  /** The random tiny setup of {@link #run(Path, Config)} and the loop's length. */
  public record Config(int vocab, int dModel, int context, int fgrams, int documentLength,
      int iterations, int sampleEvery, long seed) {

    /** V=1000, d=32, 2 layers, context 64, 200 f-grams, a 32-token document, 10,000 iterations. */
    public static Config defaults() {
      return new Config(1000, 32, 64, 200, 32, 10_000, 500, 1);
    }

    RandomServingSetup.Config setup() {
      return new RandomServingSetup.Config(vocab, dModel, 2, 4, context, fgrams, 4, documentLength, seed);
    }
  }

  /** One sample: iteration, RSS, used and committed heap in MB. */
  record Sample(int iteration, double rssMb, double heapMb, double heapCommittedMb) {}

  private ScoringLeakBench() {}

  public static BenchResult run(Path workDir, Config c) throws IOException {
    try (RandomServingSetup s = RandomServingSetup.create(workDir, c.setup())) {
      return run(s.model, s.ids, s.table, s.matcher, s.documents.get(0), c.iterations(), c.sampleEvery());
    }
  }

  public static BenchResult run(LanguageModel model, TokenIdMap ids, EmbeddingLookup table,
      FgramMatcher matcher, int[] document, int iterations, int sampleEvery) {
    if (iterations < 2 || sampleEvery < 1) {
      throw new IllegalArgumentException("need iterations >= 2 and sampleEvery >= 1, got "
          + iterations + " and " + sampleEvery);
    }
    ByteBuffer staging = ByteBuffer.allocateDirect(document.length * table.dim() * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    long[] sink = new long[1];
    IntConsumer gatherOnly = i -> {
      int[] rows = matcher.rows(document);
      table.gather(rows, rows.length, staging);
      sink[0] += staging.getInt(0);
    };
    Loop gather;
    Loop scoring;
    int warmUps;
    try (ModelHandle handle = ModelHandle.scone(model, ids, table, matcher)) {
      Scorer scorer = new Scorer(handle);
      IntConsumer score = i -> sink[0] += Double.doubleToLongBits(scorer.score(document).logprob());
      warmUps = warmUp(iterations, gatherOnly, score);
      gather = Loop.run(iterations, sampleEvery, gatherOnly);
      scoring = Loop.run(iterations, sampleEvery, score);
    }
    Sample first = scoring.samples.get(0);
    Sample last = scoring.samples.get(scoring.samples.size() - 1);
    return new BenchResult("scoring-leak", scoring.secondHalfGrowthMb(), "MB RSS growth (2nd half)",
        "match + gather only", gather.secondHalfGrowthMb(), List.of(
            new Figure("rss at start", first.rssMb(), "MB"),
            new Figure("rss at end", last.rssMb(), "MB"),
            new Figure("rss growth over the whole loop", last.rssMb() - first.rssMb(), "MB"),
            new Figure("heap used at start", first.heapMb(), "MB"),
            new Figure("heap used at end", last.heapMb(), "MB"),
            new Figure("heap committed at end", last.heapCommittedMb(), "MB"),
            new Figure("scoring", scoring.iterationsPerSecond, "iterations/s"),
            new Figure("match + gather", gather.iterationsPerSecond, "iterations/s"),
            new Figure("iterations", iterations, ""),
            new Figure("warm-up iterations", warmUps, ""),
            new Figure("document", document.length, "tokens")));
  }

  /**
   * Runs both bodies unmeasured until this thread has allocated as many bytes as the committed
   * Java heap (so the garbage collector has cycled through, and touched, the heap's pages), at
   * least a tenth of the iterations and at most all of them; returns how many ran.
   */
  private static int warmUp(int iterations, IntConsumer gatherOnly, IntConsumer score) {
    long target = allocatedBytes() + Runtime.getRuntime().totalMemory();
    int i = 0;
    while (i < iterations && (i < iterations / 10 || allocatedBytes() < target)) {
      gatherOnly.accept(i);
      score.accept(i++);
    }
    return i;
  }

  /** Bytes this thread has allocated on the heap so far; MAX_VALUE where the JVM cannot tell. */
  private static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean hotspot
        && hotspot.isThreadAllocatedMemorySupported()) {
      return hotspot.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
    return Long.MAX_VALUE;
  }

  /** One timed loop and its memory samples (at 0, every sampleEvery, and at the end). */
  private static final class Loop {
    final List<Sample> samples = new ArrayList<>();
    double iterationsPerSecond;
    int iterations;

    static Loop run(int iterations, int sampleEvery, IntConsumer body) {
      Loop loop = new Loop();
      loop.iterations = iterations;
      loop.sample(0);
      long t0 = System.nanoTime();
      for (int i = 1; i <= iterations; i++) {
        body.accept(i);
        if (i % sampleEvery == 0 || i == iterations || i == iterations / 2) loop.sample(i);
      }
      loop.iterationsPerSecond = iterations / ((System.nanoTime() - t0) / 1e9);
      return loop;
    }

    void sample(int iteration) {
      Runtime rt = Runtime.getRuntime();
      samples.add(new Sample(iteration, rssMb(), (rt.totalMemory() - rt.freeMemory()) / 1e6,
          rt.totalMemory() / 1e6));
    }

    /** RSS at the end minus RSS at the middle iteration. */
    double secondHalfGrowthMb() {
      double half = Double.NaN;
      for (Sample s : samples) if (s.iteration() == iterations / 2) half = s.rssMb();
      return samples.get(samples.size() - 1).rssMb() - half;
    }
  }

  /** VmRSS of this process in MB, NaN where /proc is not there. */
  static double rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1e3; // kB -> MB
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
