package dev.scone.bench.scale;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.fgram.MatchBench;
import dev.scone.fgram.files.PageAdvice;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.match.FilterProbing;
import dev.scone.fgram.match.MatchIndexFile;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The matcher at the paper's scale: for each size |F|, the index file is written
 * ({@link MatchIndexFile#write}) and opened by mapping; then the corpus is matched on one thread
 * through every index in turn, pass by pass (round robin, so all sizes see the same machine). The
 * headline is tokens/s at the largest size against the smallest (goal: at least half); open time,
 * the file's resident bytes per f-gram after matching, and the heap the open added are reported
 * per size. At the smallest size the matcher built in memory from the same f-grams joins the
 * rotation (what mapping costs), after a row-for-row check against the mapped one. A second
 * rotation times every mapped index in each {@link FilterProbing} order (what each order is worth
 * at each size; both orders are checked to give the same rows). F is the
 * corpus's own n-grams padded with generated ones ({@link SyntheticFgrams}): figures name how many
 * are synthetic. The index files are deleted at the end, also on failure.
 */
public final class MatchScaleBench {
  /**
   * @param sizes |F| to measure, ascending
   * @param scratchParent where the index files go (removed afterwards)
   * @param warmups untimed passes over the corpus per matcher after the first (timed) pass
   * @param runs timed passes per matcher; the median is reported
   * @param reserveBytes free disk left to others beyond the index files, or the bench refuses
   * @param hugePages also time each index through a second mapping advised {@code MADV_HUGEPAGE}
   *     (2 MiB pages), in a rotation with the plain mapping of the same file
   */
  public record Config(List<Integer> sizes, Path scratchParent, int warmups, int runs, long reserveBytes,
      boolean hugePages) {
    public Config {
      sizes = List.copyOf(sizes);
      if (sizes.isEmpty()) throw new IllegalArgumentException("at least one size");
      if (runs < 1) throw new IllegalArgumentException("runs must be >= 1");
    }
  }

  /** One size's figures, before and after the timed passes. */
  private record Opened(int size, int synthetic, long fileBytes, double writeSeconds, double openMillis,
      double reopenMillis, double openVerifiedMillis, long heapDeltaBytes, double firstPassTokensPerSecond,
      Path file, FgramMatcher matcher) {}

  private MatchScaleBench() {}

  public static BenchResult run(int[][] documents, FgramVocabulary real, Config config) throws IOException {
    long tokens = Arrays.stream(documents).mapToLong(d -> d.length).sum();
    List<SyntheticFgrams> rows = config.sizes().stream().map(s -> new SyntheticFgrams(real, s, 0x5C0E)).toList();
    long bytes = rows.stream().mapToLong(MatchIndexFile::fileBytes).sum();
    try (ScratchDir scratch = ScratchDir.create(config.scratchParent(), "scone-match-scale-", bytes,
        config.reserveBytes())) {
      int[] out = new int[Arrays.stream(documents).mapToInt(d -> d.length).max().orElse(0)];
      List<Opened> opened = new ArrayList<>();
      for (SyntheticFgrams r : rows) {
        opened.add(writeAndOpen(scratch.path().resolve(r.size() + "." + MatchIndexFile.NAME), r, documents, out));
        System.err.printf("match-scale: |F| = %,d written and opened%n", r.size());
      }
      FgramMatcher built = FgramMatcher.build(rows.get(0));
      checkSameRows(documents, built, opened.get(0).matcher());
      List<FgramMatcher> rotation = new ArrayList<>(opened.stream().map(Opened::matcher).toList());
      rotation.add(built);
      double[] tokensPerSecond = RoundRobin.medianRates(rotation, config.warmups(), config.runs(),
          m -> MatchBench.matchAll(documents, m, out), tokens);
      // A second rotation, so the headline's is the same as before the probing orders existed.
      List<FgramMatcher> orders = new ArrayList<>();
      for (Opened o : opened) {
        for (FilterProbing order : FilterProbing.values()) orders.add(o.matcher().withProbing(order));
        checkSameRows(documents, orders.get(orders.size() - 1), orders.get(orders.size() - 2));
      }
      double[] perOrder = RoundRobin.medianRates(orders, config.warmups(), config.runs(),
          m -> MatchBench.matchAll(documents, m, out), tokens);
      BenchResult result = result(opened, tokensPerSecond, perOrder, tokens);
      return config.hugePages() ? withHugePages(result, opened, documents, out, config, tokens) : result;
    } finally {
      System.gc(); // lets the mappings go, so the deleted files' blocks are freed now
    }
  }

  /**
   * A third rotation: two more mappings of each size's file, one advised MADV_NOHUGEPAGE (4 KiB
   * page-table entries only) and one MADV_HUGEPAGE; they share the page cache and differ only in
   * the page size their page tables map. (The plain mapping is not the 4 KiB side: where the page
   * cache holds 2 MiB folios, as after the index was written on Linux 6.18 with ext4, the kernel
   * maps them with 2 MiB entries unasked.) Figures: both rates per size, each one's ratio (largest
   * over smallest size), and how much of each mapping 2 MiB entries covered.
   */
  private static BenchResult withHugePages(BenchResult plain, List<Opened> opened, int[][] documents, int[] out,
      Config config, long tokens) throws IOException {
    List<FgramMatcher> rotation = new ArrayList<>();
    boolean[] advised = new boolean[2 * opened.size()];
    long[] pmdBefore = new long[opened.size()];
    long[] pmdAfterSmall = new long[opened.size()];
    for (int i = 0; i < opened.size(); i++) {
      Opened o = opened.get(i);
      pmdBefore[i] = ProcessMemory.hugePageMappedBytesOf(o.file());
      FgramMatcher small = MatchIndexFile.open(o.file(), MatchIndexFile.Expectation.NONE, false);
      advised[2 * i] = small.advise(PageAdvice.Advice.NOHUGEPAGE);
      checkSameRows(documents, o.matcher(), small);
      pmdAfterSmall[i] = ProcessMemory.hugePageMappedBytesOf(o.file());
      FgramMatcher huge = MatchIndexFile.open(o.file(), MatchIndexFile.Expectation.NONE, false);
      advised[2 * i + 1] = huge.advise(PageAdvice.Advice.HUGEPAGE);
      checkSameRows(documents, o.matcher(), huge);
      rotation.add(small);
      rotation.add(huge);
    }
    double[] rates = RoundRobin.medianRates(rotation, config.warmups(), config.runs(),
        m -> MatchBench.matchAll(documents, m, out), tokens);
    List<BenchResult.Figure> figures = new ArrayList<>(plain.figures());
    for (int i = 0; i < opened.size(); i++) {
      Opened o = opened.get(i);
      String at = "_" + o.size();
      figures.add(new BenchResult.Figure("pages_4k_tokens_per_s" + at, rates[2 * i], "tokens/s (third rotation, a"
          + " mapping advised MADV_NOHUGEPAGE" + (advised[2 * i] ? ")" : ": refused)")));
      figures.add(new BenchResult.Figure("pages_2m_tokens_per_s" + at, rates[2 * i + 1], "tokens/s (third rotation,"
          + " a mapping advised MADV_HUGEPAGE" + (advised[2 * i + 1] ? ")" : ": refused)")));
      figures.add(new BenchResult.Figure("plain_mapping_2m_bytes" + at, pmdBefore[i],
          "B of the plain mapping under 2 MiB entries, unasked (after its timed passes)"));
      figures.add(new BenchResult.Figure("pages_4k_mapping_2m_bytes" + at, pmdAfterSmall[i] - pmdBefore[i],
          "B of the NOHUGEPAGE mapping under 2 MiB entries (0: the advice held)"));
      figures.add(new BenchResult.Figure("pages_2m_mapping_2m_bytes" + at,
          ProcessMemory.hugePageMappedBytesOf(o.file()) - pmdAfterSmall[i],
          "B of the HUGEPAGE mapping (and any growth of the others) under 2 MiB entries, at the end"));
    }
    int last = opened.size() - 1;
    figures.add(new BenchResult.Figure("pages_4k_ratio", rates[2 * last] / rates[0], "largest over smallest |F|"));
    figures.add(new BenchResult.Figure("pages_2m_ratio", rates[2 * last + 1] / rates[1], "largest over smallest |F|"
        + " (goal >= 0.5)"));
    return new BenchResult(plain.bench(), plain.value(), plain.unit(), plain.baselineName(), plain.baseline(), figures);
  }

  private static Opened writeAndOpen(Path file, SyntheticFgrams rows, int[][] documents, int[] out) throws IOException {
    long t0 = System.nanoTime();
    MatchIndexFile.write(rows, "00".repeat(32), file);
    double writeSeconds = (System.nanoTime() - t0) / 1e9;
    long heapBefore = usedHeap();
    t0 = System.nanoTime();
    FgramMatcher mapped = MatchIndexFile.open(file, MatchIndexFile.Expectation.NONE, false);
    double openMillis = (System.nanoTime() - t0) / 1e6;
    long heapDelta = usedHeap() - heapBefore;
    double[] reopen = new double[5];
    for (int i = 0; i < reopen.length; i++) {
      t0 = System.nanoTime();
      MatchIndexFile.open(file, MatchIndexFile.Expectation.NONE, false);
      reopen[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(reopen);
    t0 = System.nanoTime();
    MatchIndexFile.open(file, MatchIndexFile.Expectation.NONE, true); // verification reads the whole file
    double openVerifiedMillis = (System.nanoTime() - t0) / 1e6;
    long tokens = Arrays.stream(documents).mapToLong(d -> d.length).sum();
    t0 = System.nanoTime();
    MatchBench.matchAll(documents, mapped, out);
    double firstPass = tokens / ((System.nanoTime() - t0) / 1e9);
    return new Opened(rows.size(), rows.size() - rows.realCount(), MatchIndexFile.fileBytes(rows), writeSeconds,
        openMillis, reopen[reopen.length / 2], openVerifiedMillis, heapDelta, firstPass, file, mapped);
  }

  private static void checkSameRows(int[][] documents, FgramMatcher first, FgramMatcher second) {
    for (int d = 0; d < documents.length; d++) {
      if (!Arrays.equals(first.rows(documents[d]), second.rows(documents[d]))) {
        throw new IllegalStateException("two matchers over the same f-grams disagree on document " + d);
      }
    }
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    System.gc();
    return r.totalMemory() - r.freeMemory();
  }

  private static BenchResult result(List<Opened> opened, double[] tokensPerSecond, double[] perOrder, long tokens) {
    Opened small = opened.get(0);
    Opened large = opened.get(opened.size() - 1);
    List<BenchResult.Figure> figures = new ArrayList<>();
    figures.add(new BenchResult.Figure("tokens", tokens, "tokens per pass"));
    figures.add(new BenchResult.Figure("built_in_memory_tokens_per_s_" + small.size(),
        tokensPerSecond[opened.size()], "tokens/s (matcher built at load, same f-grams)"));
    for (int i = 0; i < opened.size(); i++) {
      Opened p = opened.get(i);
      String at = "_" + p.size();
      figures.add(new BenchResult.Figure("synthetic_fgrams" + at, p.synthetic(), "generated f-grams (synthetic)"));
      figures.add(new BenchResult.Figure("tokens_per_s" + at, tokensPerSecond[i],
          "tokens/s (median pass; filter probed " + p.matcher().probing().name().toLowerCase() + ")"));
      FilterProbing[] orders = FilterProbing.values();
      for (int o = 0; o < orders.length; o++) {
        figures.add(new BenchResult.Figure(orders[o].name().toLowerCase() + "_tokens_per_s" + at,
            perOrder[i * orders.length + o], "tokens/s (median pass, filter probed in this order; second rotation)"));
      }
      figures.add(new BenchResult.Figure("first_pass_tokens_per_s" + at, p.firstPassTokensPerSecond(),
          "tokens/s (first pass after open)"));
      figures.add(new BenchResult.Figure("open_ms" + at, p.openMillis(), "ms (header + mapping, first)"));
      figures.add(new BenchResult.Figure("reopen_ms" + at, p.reopenMillis(), "ms (median of 5 more opens)"));
      figures.add(new BenchResult.Figure("open_verified_ms" + at, p.openVerifiedMillis(), "ms (with SHA-256)"));
      figures.add(new BenchResult.Figure("write_s" + at, p.writeSeconds(), "s (index file written)"));
      figures.add(new BenchResult.Figure("file_bytes_per_fgram" + at, (double) p.fileBytes() / p.size(), "B"));
      figures.add(new BenchResult.Figure("resident_bytes_per_fgram" + at,
          (double) ProcessMemory.residentBytesOf(p.file()) / p.size(), "B (file pages resident after matching)"));
      figures.add(new BenchResult.Figure("heap_delta_bytes_on_open" + at, p.heapDeltaBytes(), "B"));
    }
    figures.add(new BenchResult.Figure("load_average", ProcessMemory.loadAverage(), "1-min, at the end"));
    figures.add(new BenchResult.Figure("fgrams_measured", large.size(), "f-grams (headline; the baseline: "
        + small.size() + ")"));
    return new BenchResult("match-scale", tokensPerSecond[opened.size() - 1], "tokens/s",
        "mapped index at |F| = " + small.size(), tokensPerSecond[0], figures);
  }
}
