package dev.scone.bench.scale;

import dev.scone.bench.fgram.BenchResult;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Precompute throughput against the model's raw batched forward: {@link TablePrecompute#full}
 * writing a whole table (token rows, f-gram rows through the f-gram model, encoding, the Arrow
 * file, its checksum) vs {@link LanguageModel#fgramRows} alone over the same f-grams in the same
 * chunks and batches, nothing kept. Both in f-gram rows per second, alternating run by run. The
 * ratio is what everything but the forward costs (goal: at least 0.8).
 */
public final class PrecomputeBench {
  /**
   * @param scratchParent where the table goes (removed afterwards)
   * @param dtype the table's serving format
   * @param options batching (f-grams per forward, per chunk, rows per record batch)
   * @param runs alternating pairs; the median of each side is reported
   * @param resumable whether the precompute keeps its rows chunk by chunk ({@link TableTarget#resumableIn})
   */
  public record Config(Path scratchParent, EmbeddingDtype dtype, PrecomputeOptions options, int runs,
      boolean resumable) {}

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
    long tableBytes = (long) (ids.tokenizerVocabSize() + vocab.size()) * d * config.dtype().bytesPerElement()
        + (config.resumable() ? 4L * vocab.size() * d : 0) + (1 << 20);
    TablePrecompute precompute = TablePrecompute.of(model, ids, "bench", config.options());
    try (ScratchDir scratch = ScratchDir.create(config.scratchParent(), "scone-precompute-", tableBytes, 1L << 30)) {
      Path table = scratch.path().resolve("table.arrow");
      List<int[]> fgrams = new ArrayList<>(vocab.size());
      for (int id = 0; id < vocab.size(); id++) fgrams.add(vocab.tokens(id));
      TableTarget plain = new TableTarget(table, config.dtype(), 1);
      TableTarget target = config.resumable() ? plain.resumableIn(scratch.path().resolve("work")) : plain;
      raw(model, fgrams.subList(0, Math.min(fgrams.size(), WARM_UP_CHUNKS * config.options().fgramsPerChunk())),
          config.options());
      double[] seconds = RoundRobin.medianSeconds(List.of(
          () -> raw(model, fgrams, config.options()),
          () -> full(precompute, vocab, target).rows()), config.runs());
      double rawRate = vocab.size() / seconds[0];
      double precomputeRate = vocab.size() / seconds[1];
      List<BenchResult.Figure> figures = List.of(
          new BenchResult.Figure("fgrams", vocab.size(), "f-gram rows computed per run"),
          new BenchResult.Figure("synthetic_fgrams", synthetic, "generated f-grams padding the corpus's"),
          new BenchResult.Figure("table_rows", (long) ids.tokenizerVocabSize() + vocab.size(), "rows (V + |F|)"),
          new BenchResult.Figure("dim", d, "d"),
          new BenchResult.Figure("fgram_batch", config.options().fgramBatch(), "f-grams per forward"),
          new BenchResult.Figure("fgrams_per_chunk", config.options().fgramsPerChunk(), "f-grams"),
          new BenchResult.Figure("resumable", config.resumable() ? 1 : 0, "1: rows kept chunk by chunk"),
          new BenchResult.Figure("precompute_seconds", seconds[1], "s (median)"),
          new BenchResult.Figure("raw_forward_seconds", seconds[0], "s (median)"),
          new BenchResult.Figure("load_average", ProcessMemory.loadAverage(), "1-min, at the end"));
      return new BenchResult("precompute", precomputeRate, "f-gram rows/s", "raw batched f-gram forward", rawRate,
          figures);
    }
  }

  private static PrecomputeReport full(TablePrecompute precompute, FgramVocabulary vocab, TableTarget target) {
    try {
      return precompute.full(vocab, "00".repeat(32), target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
