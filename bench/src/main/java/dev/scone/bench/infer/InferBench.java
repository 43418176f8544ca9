package dev.scone.bench.infer;

import dev.scone.bench.fgram.BenchResult.Figure;
import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.fgram.BenchTimer;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.table.EmbeddingLookup;
import dev.scone.model.LanguageModel;
import dev.scone.model.TokenIdMap;
import dev.scone.model.infer.ModelHandle;
import dev.scone.model.infer.Score;
import dev.scone.model.infer.Scorer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Scoring throughput of SCONE served from the table against the baseline on the same main model,
 * side by side: the value is tokens scored per second by a {@link Scorer} on a SCONE handle
 * (matcher over each document, table gather into the staging buffer, zero-copy wrap, forward),
 * the baseline the same scorer on a baseline handle (the model's own token embedding). Both score
 * the same documents with the same windows, so the difference is what serving SCONE costs.
 * Figures: the match + gather work alone (tokens/s), the fraction of positions that read an
 * f-gram row, milliseconds per run of each side.
 *
 * <p>Goal: ratio (SCONE / baseline) >= {@link #RATIO_GOAL}.
 */
public final class InferBench {

  public static final double RATIO_GOAL = 0.97;

  /**
   * The random setup of {@link #run(Path, Config)}: model sizes, f-grams sampled from the
   * documents, Zipf-distributed documents; and the timing.
   */
  public record Config(int vocab, int dModel, int layers, int heads, int context, int fgrams,
      int documents, int documentLength, int warmups, int runs, long seed) {

    /** d=128, 2 layers, 4 heads, V=50257, context 256, 20,000 f-grams, 8 documents of 512 tokens. */
    public static Config defaults() {
      return new Config(50_257, 128, 2, 4, 256, 20_000, 8, 512, 1, 5, 1);
    }

    RandomServingSetup.Config setup() {
      return new RandomServingSetup.Config(vocab, dModel, layers, heads, context, fgrams, documents,
          documentLength, seed);
    }
  }

  private InferBench() {}

  /** Builds a random model, vocabulary and table under {@code workDir} and measures them. */
  public static BenchResult run(Path workDir, Config c) throws IOException {
    try (RandomServingSetup s = RandomServingSetup.create(workDir, c.setup())) {
      return run(s.model, s.ids, s.table, s.matcher, s.documents, c.warmups(), c.runs());
    }
  }

  /** Measures a given model, table and matcher (e.g. a trained bundle's) on {@code documents}. */
  public static BenchResult run(LanguageModel model, TokenIdMap ids, EmbeddingLookup table,
      FgramMatcher matcher, List<int[]> documents, int warmups, int runs) {
    try (ModelHandle scone = ModelHandle.scone(model, ids, table, matcher);
        ModelHandle baseline = ModelHandle.baseline(model, ids)) {
      Scorer sconeScorer = new Scorer(scone);
      Scorer baselineScorer = new Scorer(baseline);
      double[] seconds = BenchTimer.sideBySide(warmups, runs,
          () -> checksum(sconeScorer.scoreAll(documents)),
          () -> checksum(baselineScorer.scoreAll(documents)));
      double gatherSeconds = BenchTimer.medianSeconds(1, runs, matchAndGather(table, matcher, documents));
      long scored = 0;
      long positions = 0;
      long matched = 0;
      for (int[] doc : documents) {
        scored += Math.max(0, doc.length - 1);
        positions += doc.length;
        for (int row : matcher.rows(doc)) if (row >= matcher.vocabSize()) matched++;
      }
      return new BenchResult("infer", scored / seconds[0], "tokens/s", "baseline token embedding",
          scored / seconds[1], List.of(
              new Figure("match + gather only", positions / gatherSeconds, "tokens/s"),
              new Figure("positions reading an f-gram row", matched / (double) Math.max(1, positions), "fraction"),
              new Figure("scone per run", seconds[0] * 1e3, "ms"),
              new Figure("baseline per run", seconds[1] * 1e3, "ms"),
              new Figure("tokens scored per run", scored, "tokens"),
              new Figure("context", model.config().contextLength(), "tokens"),
              new Figure("stride", sconeScorer.stride(), "tokens"),
              new Figure("ratio goal", RATIO_GOAL, "")));
    }
  }

  /** The SCONE side's extra work alone: rows of every document, gathered into a staging buffer. */
  private static LongSupplier matchAndGather(EmbeddingLookup table, FgramMatcher matcher, List<int[]> docs) {
    int longest = docs.stream().mapToInt(d -> d.length).max().orElse(0);
    ByteBuffer staging = ByteBuffer.allocateDirect(longest * table.dim() * Float.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN);
    return () -> {
      long sum = 0;
      for (int[] doc : docs) {
        int[] rows = matcher.rows(doc);
        table.gather(rows, rows.length, staging);
        sum += staging.getInt(0);
      }
      return sum;
    };
  }

  private static long checksum(List<Score> scores) {
    long sum = 0;
    for (Score s : scores) sum += Double.doubleToLongBits(s.logprob());
    return sum;
  }
}
