package dev.scone.bench.scale;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.fgram.BenchTimer;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.match.FgramRows;
import dev.scone.fgram.match.MatchIndexFile;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The matcher at the paper's scale: for each size |F|, the index file is written
 * ({@link MatchIndexFile#write}), opened by mapping, and the corpus is matched through it on one
 * thread. The headline is tokens/s at the largest size against the smallest (goal: at least half);
 * open time, the file's resident bytes per f-gram after matching, and the heap the open added are
 * reported per size. At the smallest size the mapped matcher is checked row for row against the
 * matcher built in memory, and that one's rate is reported beside it (what mapping costs).
 * F is the corpus's own n-grams padded with generated ones ({@link SyntheticFgrams}): figures
 * name how many are synthetic. Each index file is deleted when its size is done.
 */
public final class MatchScaleBench {
  /**
   * @param sizes |F| to measure, ascending
   * @param scratchParent where the index files go (removed afterwards)
   * @param warmups untimed passes over the corpus after the first (timed) pass
   * @param runs timed passes; the median is reported
   */
  public record Config(List<Integer> sizes, Path scratchParent, int warmups, int runs) {
    public Config {
      sizes = List.copyOf(sizes);
      if (sizes.isEmpty()) throw new IllegalArgumentException("at least one size");
      if (runs < 1) throw new IllegalArgumentException("runs must be >= 1");
    }
  }

  /** One size's figures. */
  record Point(int size, int synthetic, long fileBytes, double writeSeconds, double openMillis,
      double openVerifiedMillis, long heapDeltaBytes, double firstPassTokensPerSecond, double tokensPerSecond,
      long residentBytes, double loadAverage) {}

  private MatchScaleBench() {}

  public static BenchResult run(int[][] documents, FgramVocabulary real, Config config) throws IOException {
    long tokens = Arrays.stream(documents).mapToLong(d -> d.length).sum();
    List<Point> points = new ArrayList<>();
    double builtTokensPerSecond = Double.NaN;
    for (int i = 0; i < config.sizes().size(); i++) {
      SyntheticFgrams rows = new SyntheticFgrams(real, config.sizes().get(i), 0x5C0E);
      boolean first = i == 0;
      Measured m = measure(documents, tokens, rows, config, first ? real : null);
      points.add(m.point());
      if (first) builtTokensPerSecond = m.builtTokensPerSecond();
      System.err.printf("match-scale: |F| = %,d done: %,.0f tokens/s%n", rows.size(), m.point().tokensPerSecond());
    }
    return result(points, builtTokensPerSecond, tokens);
  }

  private record Measured(Point point, double builtTokensPerSecond) {}

  /** Writes, opens and times one size; with {@code builtFrom}, also the in-memory matcher. */
  private static Measured measure(int[][] documents, long tokens, SyntheticFgrams rows, Config config,
      FgramVocabulary builtFrom) throws IOException {
    long bytes = MatchIndexFile.fileBytes(rows);
    try (ScratchDir scratch = ScratchDir.create(config.scratchParent(), "scone-match-scale-", bytes,
        ScratchDir.DEFAULT_RESERVE_BYTES)) {
      Path file = scratch.path().resolve(MatchIndexFile.NAME);
      long t0 = System.nanoTime();
      MatchIndexFile.write(rows, "00".repeat(32), file);
      double writeSeconds = (System.nanoTime() - t0) / 1e9;

      long heapBefore = usedHeap();
      t0 = System.nanoTime();
      FgramMatcher mapped = MatchIndexFile.open(file, MatchIndexFile.Expectation.NONE, false);
      double openMillis = (System.nanoTime() - t0) / 1e6;
      long heapDelta = usedHeap() - heapBefore;
      t0 = System.nanoTime();
      MatchIndexFile.open(file, MatchIndexFile.Expectation.NONE, true); // verification reads the whole file
      double openVerifiedMillis = (System.nanoTime() - t0) / 1e6;

      int[] out = new int[Arrays.stream(documents).mapToInt(d -> d.length).max().orElse(0)];
      t0 = System.nanoTime();
      matchAll(documents, mapped, out);
      double firstPass = tokens / ((System.nanoTime() - t0) / 1e9);
      double seconds = BenchTimer.medianSeconds(config.warmups(), config.runs(), () -> matchAll(documents, mapped, out));
      long resident = ProcessMemory.residentBytesOf(file);
      double built = Double.NaN;
      if (builtFrom != null) built = compareWithBuilt(documents, tokens, rows, mapped, out, config);
      Point p = new Point(rows.size(), rows.size() - rows.realCount(), bytes, writeSeconds, openMillis,
          openVerifiedMillis, heapDelta, firstPass, tokens / seconds, resident, ProcessMemory.loadAverage());
      return new Measured(p, built);
    } finally {
      System.gc(); // lets the mappings go, so the deleted file's blocks are freed now
    }
  }

  /** The matcher built in memory from the same rows: same rows everywhere (else throws), and its rate. */
  private static double compareWithBuilt(int[][] documents, long tokens, FgramRows rows, FgramMatcher mapped,
      int[] out, Config config) {
    FgramMatcher built = FgramMatcher.build(rows);
    for (int d = 0; d < documents.length; d++) {
      if (!Arrays.equals(built.rows(documents[d]), mapped.rows(documents[d]))) {
        throw new IllegalStateException("mapped and built matchers disagree on document " + d);
      }
    }
    return tokens / BenchTimer.medianSeconds(config.warmups(), config.runs(), () -> matchAll(documents, built, out));
  }

  static long matchAll(int[][] documents, FgramMatcher matcher, int[] out) {
    long sum = 0;
    for (int[] doc : documents) {
      matcher.rows(doc, 0, doc.length, out, 0);
      if (doc.length > 0) sum += out[doc.length - 1] + out[doc.length / 2];
    }
    return sum;
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    System.gc();
    return r.totalMemory() - r.freeMemory();
  }

  private static BenchResult result(List<Point> points, double builtTokensPerSecond, long tokens) {
    Point small = points.get(0);
    Point large = points.get(points.size() - 1);
    List<BenchResult.Figure> figures = new ArrayList<>();
    figures.add(new BenchResult.Figure("tokens", tokens, "tokens per pass"));
    figures.add(new BenchResult.Figure("built_in_memory_tokens_per_s_" + small.size(), builtTokensPerSecond,
        "tokens/s (matcher built at load, same f-grams)"));
    for (Point p : points) {
      String at = "_" + p.size();
      figures.add(new BenchResult.Figure("synthetic_fgrams" + at, p.synthetic(), "generated f-grams (synthetic)"));
      figures.add(new BenchResult.Figure("tokens_per_s" + at, p.tokensPerSecond(), "tokens/s (median pass)"));
      figures.add(new BenchResult.Figure("first_pass_tokens_per_s" + at, p.firstPassTokensPerSecond(),
          "tokens/s (first pass after open)"));
      figures.add(new BenchResult.Figure("open_ms" + at, p.openMillis(), "ms (header + mapping)"));
      figures.add(new BenchResult.Figure("open_verified_ms" + at, p.openVerifiedMillis(), "ms (with SHA-256)"));
      figures.add(new BenchResult.Figure("write_s" + at, p.writeSeconds(), "s (index file written)"));
      figures.add(new BenchResult.Figure("file_bytes_per_fgram" + at, (double) p.fileBytes() / p.size(), "B"));
      figures.add(new BenchResult.Figure("resident_bytes_per_fgram" + at, (double) p.residentBytes() / p.size(),
          "B (file pages resident after matching)"));
      figures.add(new BenchResult.Figure("heap_delta_bytes_on_open" + at, p.heapDeltaBytes(), "B"));
      figures.add(new BenchResult.Figure("load_average" + at, p.loadAverage(), "1-min load average"));
    }
    figures.add(new BenchResult.Figure("fgrams_measured", large.size(), "f-grams (headline; the baseline: "
        + small.size() + ")"));
    return new BenchResult("match-scale", large.tokensPerSecond(), "tokens/s",
        "mapped index at |F| = " + small.size(), small.tokensPerSecond(), figures);
  }
}
