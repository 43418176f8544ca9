package dev.scone.bench.scale;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.fgram.files.PageAdvice;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.match.MatchIndexFile;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.table.TableReadOptions;
import dev.scone.fgram.table.TableReadPath;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.TokenIdMap;
import dev.scone.model.infer.ModelHandle;
import dev.scone.model.infer.Scorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SCONE served from a table larger than RAM, against the baseline, on real text. A synthetic
 * serving setup is written into a scratch directory (free disk checked first, removed at the end,
 * also on failure or Ctrl-C): a float32 table of {@code tableBytes} ({@link SyntheticTableWriter}:
 * the model's token rows, then seeded random f-gram rows) and its {@code match.index} over the
 * corpus's real f-grams padded with generated ones ({@link SyntheticFgrams}). Then, for each read
 * path ({@link Variant}), the page cache is dropped, the table and index are opened afresh, and
 * the text is scored piece by piece through the whole SCONE path (longest match, gather through
 * the {@link TableReadPath}, forward of a random DJL model) and through the baseline (same model,
 * token rows), interleaved ({@link InterleavedScoring}). Headline: the steady-state tokens/s of
 * both with prefetch and cache tier; per variant the steady ratio, the first-minute ratio (and a
 * PNG of its curve), resident memory.
 */
public final class TableScaleBench {
  /** Steady-state SCONE / baseline throughput the issue asks for. */
  public static final double RATIO_GOAL = 0.97;

  /**
   * @param tableBytes size of the table file (rows of {@link #rowBytes} bytes)
   * @param dtype how the table stores its values (readers hand out float32 rows either way)
   * @param layout where the real f-grams' rows lie: first (count order, the hot rows together) or
   *     scattered over the whole file
   * @param cacheBytes the Caffeine tier's budget where a variant has one
   * @param prefetchThreads the prefetch pool where a variant has one
   * @param advice how faults read, each in turn for every variant of the order: the kernel's
   *     read-around, or madvise(RANDOM) on the table and the index's tables (a fault reads its page
   *     only, not 128 KiB around it)
   * @param pieceTokens text is scored in pieces of this many tokens (one step of the curve)
   * @param seconds scoring time per variant
   * @param curveSeconds the first stretch, plotted; steady state is what follows it
   * @param binSeconds width of a point of the curve
   * @param plot where the PNG goes (kept; not in the scratch directory)
   * @param dropPageCache drop the machine's page cache before each variant (tests pass false: it
   *     slows everything else on the machine)
   * @param order the variants in the order they run, each at most once (reorder to see what order
   *     costs; leave some out to save time: a part's worth is reported where both its variants ran)
   */
  public record Config(Path scratchParent, long tableBytes, EmbeddingDtype dtype, SyntheticFgrams.Layout layout, int dModel, int layers, int heads,
      int context, long cacheBytes, int prefetchThreads, List<Advice> advice, int pieceTokens, double seconds, double curveSeconds,
      double binSeconds, long reserveBytes, Path plot, boolean dropPageCache, List<Variant> order, long seed) {
    public Config {
      order = List.copyOf(order);
      if (order.isEmpty() || Set.copyOf(order).size() != order.size()) {
        throw new IllegalArgumentException("the order must name one or more variants, each once: " + order);
      }
      advice = List.copyOf(advice);
      if (advice.isEmpty() || Set.copyOf(advice).size() != advice.size()) {
        throw new IllegalArgumentException("the advice must name one or more kinds, each once: " + advice);
      }
    }

    public long rowBytes() {
      return TableScaleBench.rowBytes(dtype, dModel);
    }
  }

  /**
   * The read paths compared: each one's worth is the full path's ratio over the path without it;
   * {@link #MADVISE}'s is its ratio over the plain mapping's.
   */
  public enum Variant {
    FULL("prefetch+cache"), NO_PREFETCH("no_prefetch"), NO_CACHE("no_cache"), PLAIN("plain_mapping"),
    /** No cache tier; the rows paged in by madvise(WILLNEED) from the scoring thread instead of a pool. */
    MADVISE("madvise_prefetch");

    final String label;

    Variant(String label) {
      this.label = label;
    }

    /** The variant of {@code label} (as figures name it). */
    public static Variant of(String label) {
      for (Variant v : values()) if (v.label.equals(label)) return v;
      throw new IllegalArgumentException("no variant " + label + "; one of prefetch+cache, no_prefetch, no_cache,"
          + " plain_mapping, madvise_prefetch");
    }

    TableReadOptions options(Config c, Advice advice) {
      boolean cache = this == FULL || this == NO_PREFETCH;
      boolean prefetch = this == FULL || this == NO_CACHE;
      return new TableReadOptions(cache ? c.cacheBytes() : 0, prefetch ? c.prefetchThreads() : 0, this == MADVISE,
          advice == Advice.RANDOM);
    }
  }

  /** How a page fault of the table or the index's tables reads from disk. */
  public enum Advice {
    /** The kernel's default: 128 KiB around the fault here (good for neighbours, not for one row). */
    READAROUND("readaround", ""),
    /** madvise(RANDOM): the faulting page only. */
    RANDOM("random", "+random");

    final String label;
    /** Appended to a variant's label in figures; read-around keeps the plain names of earlier runs. */
    final String suffix;

    Advice(String label, String suffix) {
      this.label = label;
      this.suffix = suffix;
    }

    /** The advice of {@code label}. */
    public static Advice of(String label) {
      for (Advice a : values()) if (a.label.equals(label)) return a;
      throw new IllegalArgumentException("no advice " + label + "; one of readaround, random");
    }
  }

  /** One variant's steps under one advice, and what was read off at its end. */
  record VariantRun(Variant variant, Advice advice, List<InterleavedScoring.Step> steps, boolean pageCacheDropped,
      double cacheHitRate, long tableResidentBytes, long indexResidentBytes) {
    /** The variant's label, with the advice's suffix. */
    String label() {
      return variant.label + advice.suffix;
    }
  }

  /** What was built before the variants ran. */
  record Setup(long rows, long tableFileBytes, int realFgrams, int syntheticFgrams, long indexBytes, double tableWriteSeconds,
      double indexWriteSeconds, int pieces, long tokensPerCycle, double loadBefore) {}

  private TableScaleBench() {}

  /** Bytes of one row on disk: {@code dModel} values of the dtype, and an int8 row's float32 scale. */
  public static long rowBytes(EmbeddingDtype dtype, int dModel) {
    return (long) dModel * dtype.bytesPerElement() + (dtype.scaled() ? Float.BYTES : 0);
  }

  /**
   * Writes the setup, runs every variant on {@code documents}, removes the setup. The model's
   * vocabulary is {@code ids}' (a compacted one, as training makes, keeps the output layer's cost
   * what a trained bundle's is).
   */
  public static BenchResult run(List<int[]> documents, FgramVocabulary real, TokenIdMap ids, Config c)
      throws IOException {
    double loadBefore = ProcessMemory.loadAverage();
    int vocab = real.meta().vocabSize();
    long rowBytes = c.rowBytes();
    long rows = c.tableBytes() / rowBytes;
    if (rows <= vocab || rows >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException(String.format("a table of %,d bytes has %,d rows of %d bytes; it needs more"
          + " than V = %,d and fewer than 2^31", c.tableBytes(), rows, rowBytes, vocab));
    }
    SyntheticFgrams fgrams = new SyntheticFgrams(real, (int) (rows - vocab), c.seed(), c.layout());
    long indexBytes = MatchIndexFile.fileBytes(fgrams);
    List<int[]> pieces = pieces(documents, c.pieceTokens());
    ModelConfig mc = new ModelConfig(c.layers(), c.dModel(), c.heads(), 4 * c.dModel(), c.context(), ids.modelVocabSize(), 0.0,
        real.meta().maxN(), 1, c.seed());
    // Arrow writes a validity bitmap per vector even without nulls: a bit per value and per row (and
    // per scale); measured 54.8 GB on disk for 51.5 GB of float16 rows. Asked for, so a run cannot fill the disk.
    long fileBytes = rows * (rowBytes + (c.dModel() + 7) / 8 + 2);
    try (ScratchDir scratch = ScratchDir.create(c.scratchParent(), "scone-table-scale-", fileBytes + indexBytes,
        c.reserveBytes()); LanguageModel model = LanguageModel.create(mc, Devices.preferred())) {
      Path table = scratch.path().resolve("table.arrow");
      Path index = scratch.path().resolve(MatchIndexFile.NAME);
      long t0 = System.nanoTime();
      SyntheticTableWriter.write(table, model.tokenRows(), ids, rows, c.dtype(), c.seed());
      double tableSeconds = (System.nanoTime() - t0) / 1e9;
      long tableFileBytes = Files.size(table);
      System.err.printf("table-scale: %,d-row %s table written (%.0f s)%n", rows, c.dtype().label(), tableSeconds);
      t0 = System.nanoTime();
      MatchIndexFile.write(fgrams, "00".repeat(32), index);
      double indexSeconds = (System.nanoTime() - t0) / 1e9;
      System.err.printf("table-scale: match.index of %,d f-grams (real ones %s) written (%.0f s)%n", fgrams.size(),
          c.layout().label(), indexSeconds);
      warmUp(model, ids, table, index, pieces);
      List<VariantRun> runs = new ArrayList<>();
      for (Advice a : c.advice()) {
        for (Variant v : c.order()) {
          runs.add(runVariant(v, a, c, model, ids, table, index, pieces));
          System.err.printf("table-scale: %s done%n", runs.get(runs.size() - 1).label());
        }
      }
      Setup setup = new Setup(rows, tableFileBytes, fgrams.realCount(), fgrams.size() - fgrams.realCount(), indexBytes, tableSeconds,
          indexSeconds, pieces.size(), pieces.stream().mapToLong(p -> p.length - 1).sum(), loadBefore);
      if (c.plot() != null) plot(c, runs);
      return TableScaleFigures.result(c, setup, runs);
    } finally {
      System.gc(); // lets the mappings go, so the deleted files' blocks are freed now
    }
  }

  /** Pieces of at most {@code tokens} tokens (at least 2) cut from the documents in order. */
  static List<int[]> pieces(List<int[]> documents, int tokens) {
    List<int[]> pieces = new ArrayList<>();
    for (int[] doc : documents) {
      for (int from = 0; from + 1 < doc.length; from += tokens) {
        pieces.add(Arrays.copyOfRange(doc, from, Math.min(doc.length, from + tokens)));
      }
    }
    if (pieces.isEmpty()) throw new IllegalArgumentException("no text to score: documents of 2+ tokens needed");
    return pieces;
  }

  /** A few pieces on both sides first, so the first variant's curve does not include JIT and PyTorch start-up. */
  private static void warmUp(LanguageModel model, TokenIdMap ids, Path table, Path index, List<int[]> pieces)
      throws IOException {
    try (EmbeddingTable t = EmbeddingTable.open(table);
        ModelHandle scone = ModelHandle.scone(model, ids, t, MatchIndexFile.open(index,
            MatchIndexFile.Expectation.NONE, false));
        ModelHandle baseline = ModelHandle.baseline(model, ids)) {
      InterleavedScoring.run(new Scorer(scone), new Scorer(baseline), pieces.subList(0, Math.min(3, pieces.size())),
          0);
    }
  }

  private static VariantRun runVariant(Variant v, Advice a, Config c, LanguageModel model, TokenIdMap ids, Path table,
      Path index, List<int[]> pieces) throws IOException {
    System.gc(); // unmaps the previous variant's table, so its pages count for nobody
    boolean dropped = c.dropPageCache() && PageCache.drop();
    FgramMatcher matcher = MatchIndexFile.open(index, MatchIndexFile.Expectation.NONE, false);
    if (a == Advice.RANDOM) matcher.adviseTables(PageAdvice.Advice.RANDOM);
    try (EmbeddingTable t = EmbeddingTable.open(table); TableReadPath path = TableReadPath.open(t, v.options(c, a));
        ModelHandle scone = ModelHandle.scone(model, ids, path, matcher);
        ModelHandle baseline = ModelHandle.baseline(model, ids)) {
      List<InterleavedScoring.Step> steps = InterleavedScoring.run(new Scorer(scone), new Scorer(baseline), pieces,
          c.seconds());
      return new VariantRun(v, a, steps, dropped, path.cacheHitRate(), ProcessMemory.residentBytesOf(table),
          ProcessMemory.residentBytesOf(index));
    }
  }

  private static void plot(Config c, List<VariantRun> runs) throws IOException {
    Map<String, List<InterleavedScoring.Step>> curves = new LinkedHashMap<>();
    for (VariantRun r : runs) curves.put(r.label(), r.steps());
    FirstMinutePlot.write(c.plot(), String.format("SCONE vs baseline, %.1f GiB synthetic %s table (real rows %s),"
        + " page cache dropped", c.tableBytes() / (double) (1L << 30), c.dtype().label(), c.layout().label()), curves, Math.min(c.curveSeconds(), c.seconds()), c.binSeconds());
  }
}
