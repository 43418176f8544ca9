package dev.scone.bench.scale;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.fgram.files.FileTrees;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.TokenIdMap;
import dev.scone.model.bundle.PrecomputeReport;
import dev.scone.training.bundle.PrecomputeOptions;
import dev.scone.training.bundle.TablePrecompute;
import dev.scone.training.bundle.TableTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Precompute throughput against the model's raw batched forward: {@link TablePrecompute#full}
 * writing a table (token rows, f-gram rows through the f-gram model, encoding, the Arrow file, its
 * fsync and checksum) vs {@link LanguageModel#fgramRows} alone over the same f-grams in the same
 * chunks and batches, nothing kept. Both in f-gram rows per second. The ratio is what everything
 * but the forward costs (goal: at least 0.8).
 *
 * <p>The two sides take turns slice by slice, not pass by pass: the f-grams are cut into slices of
 * {@link Config#sliceFgrams} (in rank order), and each slice is precomputed into its own table
 * and run through the raw forward, in alternating order (ABBA). At 10 M f-grams one pass of a
 * side takes 6-12 minutes, and on this VM the same raw pass took 352 s in one run and 523 s in
 * the next: pass against pass, the machine's drift was the ratio. Slice against slice, both sides
 * see the same minute. Each slice's table also writes the V token rows, so the precompute side
 * does slightly more work than one whole table would (reported as {@code slices}).
 */
public final class PrecomputeBench {
  /**
   * @param scratchParent where the tables go (removed afterwards)
   * @param dtype the table's serving format
   * @param options batching (f-grams per forward, per chunk, rows per record batch)
   * @param runs passes over all slices; the median of each side's total is reported
   * @param resumable whether the precompute keeps its rows chunk by chunk ({@link TableTarget#resumableIn})
   * @param sliceFgrams f-grams per slice, the unit in which the two sides alternate
   */
  public record Config(Path scratchParent, EmbeddingDtype dtype, PrecomputeOptions options, int runs,
      boolean resumable, int sliceFgrams) {
    public Config {
      if (runs < 1) throw new IllegalArgumentException("runs must be >= 1, got " + runs);
      if (sliceFgrams < 1) throw new IllegalArgumentException("sliceFgrams must be >= 1, got " + sliceFgrams);
    }
  }

  private PrecomputeBench() {}

  /** Chunks the forward runs before measuring: enough for the JIT and the engine, cheap at 10 M f-grams. */
  private static final int WARM_UP_CHUNKS = 4;

  /**
   * @param synthetic how many of {@code vocab}'s f-grams are generated rather than a corpus's
   *     ({@link SyntheticFgrams#toVocabulary}); reported, since they are labelled wherever used
   */
  public static BenchResult run(LanguageModel model, TokenIdMap ids, FgramVocabulary vocab, int synthetic,
      Config config) throws IOException {
    int d = model.config().dModel();
    int slices = Math.max(1, (vocab.size() + config.sliceFgrams() - 1) / config.sliceFgrams());
    int sliceSize = Math.min(vocab.size(), config.sliceFgrams());
    long tableBytes = (long) (ids.tokenizerVocabSize() + sliceSize) * d * config.dtype().bytesPerElement()
        + (config.resumable() ? 4L * sliceSize * d : 0) + (1 << 20);
    TablePrecompute precompute = TablePrecompute.of(model, ids, "bench", config.options());
    try (ScratchDir scratch = ScratchDir.create(config.scratchParent(), "scone-precompute-", tableBytes, 1L << 30)) {
      raw(model, fgrams(vocab, 0, Math.min(vocab.size(), WARM_UP_CHUNKS * config.options().fgramsPerChunk())),
          config.options());
      double[][] totals = new double[2][config.runs()]; // [raw, precompute][pass]
      double[] sliceRatios = new double[slices * config.runs()];
      for (int pass = 0; pass < config.runs(); pass++) {
        for (int s = 0; s < slices; s++) {
          int from = s * config.sliceFgrams();
          int to = Math.min(vocab.size(), from + config.sliceFgrams());
          double[] seconds = timeSlice(model, precompute, vocab, from, to, scratch.path().resolve("slice"),
              config, (pass + s) % 2 == 0);
          totals[0][pass] += seconds[0];
          totals[1][pass] += seconds[1];
          sliceRatios[pass * slices + s] = seconds[0] / seconds[1];
        }
      }
      double rawSeconds = median(totals[0]);
      double precomputeSeconds = median(totals[1]);
      Arrays.sort(sliceRatios);
      List<BenchResult.Figure> figures = List.of(
          new BenchResult.Figure("fgrams", vocab.size(), "f-gram rows computed per run"),
          new BenchResult.Figure("synthetic_fgrams", synthetic, "generated f-grams padding the corpus's"),
          new BenchResult.Figure("table_rows", (long) ids.tokenizerVocabSize() + vocab.size(), "rows (V + |F|)"),
          new BenchResult.Figure("dim", d, "d"),
          new BenchResult.Figure("fgram_batch", config.options().fgramBatch(), "f-grams per forward"),
          new BenchResult.Figure("fgrams_per_chunk", config.options().fgramsPerChunk(), "f-grams"),
          new BenchResult.Figure("resumable", config.resumable() ? 1 : 0, "1: rows kept chunk by chunk"),
          new BenchResult.Figure("slices", slices, "slices of f-grams the sides alternate in (each a table)"),
          new BenchResult.Figure("slice_ratio_min", sliceRatios[0], "precompute / raw rate, worst slice"),
          new BenchResult.Figure("slice_ratio_median", median(sliceRatios), "precompute / raw rate, median slice"),
          new BenchResult.Figure("slice_ratio_max", sliceRatios[sliceRatios.length - 1], "best slice"),
          new BenchResult.Figure("precompute_seconds", precomputeSeconds, "s (median pass)"),
          new BenchResult.Figure("raw_forward_seconds", rawSeconds, "s (median pass)"),
          new BenchResult.Figure("load_average", ProcessMemory.loadAverage(), "1-min, at the end"));
      return new BenchResult("precompute", vocab.size() / precomputeSeconds, "f-gram rows/s",
          "raw batched f-gram forward", vocab.size() / rawSeconds, figures);
    }
  }

  /**
   * One slice, f-grams {@code from..to-1}, through both sides in the given order; returns
   * {raw seconds, precompute seconds}. The slice's table is removed before returning.
   */
  private static double[] timeSlice(LanguageModel model, TablePrecompute precompute, FgramVocabulary vocab,
      int from, int to, Path dir, Config config, boolean rawFirst) throws IOException {
    FgramVocabulary slice = slice(vocab, from, to);
    List<int[]> fgrams = fgrams(vocab, from, to);
    TableTarget plain = new TableTarget(dir.resolve("table.arrow"), config.dtype(), 1);
    TableTarget target = config.resumable() ? plain.resumableIn(dir.resolve("work")) : plain;
    double[] seconds = new double[2];
    Files.createDirectories(dir);
    try {
      for (int turn = 0; turn < 2; turn++) {
        boolean rawTurn = (turn == 0) == rawFirst;
        long t0 = System.nanoTime();
        if (rawTurn) raw(model, fgrams, config.options());
        else precompute.full(slice, "00".repeat(32), target);
        seconds[rawTurn ? 0 : 1] = (System.nanoTime() - t0) / 1e9;
      }
    } finally {
      FileTrees.delete(dir);
    }
    return seconds;
  }

  /** F-grams {@code from..to-1} of {@code vocab}, in rank order, as a vocabulary of their own. */
  static FgramVocabulary slice(FgramVocabulary vocab, int from, int to) {
    if (from == 0 && to == vocab.size()) return vocab;
    long[] counts = new long[to - from];
    for (int i = from; i < to; i++) counts[i - from] = vocab.count(i);
    return FgramVocabulary.of(vocab.meta(), fgrams(vocab, from, to), counts);
  }

  private static List<int[]> fgrams(FgramVocabulary vocab, int from, int to) {
    List<int[]> out = new ArrayList<>(to - from);
    for (int id = from; id < to; id++) out.add(vocab.tokens(id));
    return out;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The forward alone, chunk by chunk as the precompute calls it; returns a checksum. */
  private static long raw(LanguageModel model, List<int[]> fgrams, PrecomputeOptions options) {
    long sum = 0;
    for (int from = 0; from < fgrams.size(); from += options.fgramsPerChunk()) {
      List<int[]> chunk = fgrams.subList(from, Math.min(fgrams.size(), from + options.fgramsPerChunk()));
      float[] rows = model.fgramRows(chunk, options.fgramBatch());
      sum += Float.floatToRawIntBits(rows[rows.length - 1]);
    }
    return sum;
  }
}
