package dev.scone.bench.recycle;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.fgram.BenchResult.Figure;
import dev.scone.model.Devices;
import dev.scone.model.ModelConfig;
import dev.scone.model.ModelCosts;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.Score;
import dev.scone.model.recycle.RecycleStore;
import dev.scone.model.recycle.RecyclingScorer;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Split;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code scone bench recycle}: re-scoring a corpus's test documents after a warm-start retrain
 * that froze the lower half of the layers, recycled (the base bundle's stored layer-k
 * activations, then only the upper blocks) against full re-scoring with the same retrained
 * bundle, side by side, alternating in ABBA order, the median of {@code runs} each. Reports the speedup, the
 * speedup the frozen share of inference FLOPs allows ({@link ModelCosts}), the perplexity both
 * ways, and what the frozen retrain gave up against a full one (held-out perplexity, wall time).
 */
public final class RecycleBench {

  /**
   * Sizes of one run.
   *
   * @param documents test documents re-scored, each cut to its first {@code documentTokens} tokens
   * @param heldOutDocuments validation documents the retrains' gate scores on
   */
  public record Config(String corpus, int layers, int dModel, int heads, int context, int maxN, int fgrams,
      long fgramMinCount, int baseSteps, int retrainSteps, int batch, int documents, int documentTokens,
      int heldOutDocuments, int runs, long seed) {}

  private RecycleBench() {}

  static void note(String line) {
    System.err.println("bench recycle: " + line);
  }

  public static BenchResult run(Corpus corpus, Config c, Path workDir) throws IOException {
    double loadStart = loadAverage();
    Files.createDirectories(workDir);
    Path dir = Files.createTempDirectory(workDir, "recycle-bench-");
    try {
      RetrainedPair pair = RetrainedPair.build(corpus, c, dir);
      List<int[]> docs = testDocuments(corpus, c, pair);
      Measured m = measure(pair, docs, c.runs(), dir.resolve("recycle"));
      return result(c, pair, docs, m, loadStart, loadAverage());
    } finally {
      deleteRecursively(dir);
    }
  }

  /** Median seconds of each way, their scores, and how many documents the recycled way recycled. */
  private record Measured(double fullSeconds, double recycledSeconds, List<Score> full, List<Score> recycled,
      int recycledDocuments, int splitLayer) {}

  private static List<int[]> testDocuments(Corpus corpus, Config c, RetrainedPair pair) throws IOException {
    try (ModelBundle bundle = pair.store().open(pair.frozen())) {
      var tokenizer = dev.scone.fgram.tokenize.Tokenizers.byName(bundle.manifest().tokenizer());
      return corpus.documents(Split.TEST).stream().limit(c.documents())
          .map(d -> tokenizer.encode(d.text()))
          .map(t -> Arrays.copyOf(t, Math.min(t.length, c.documentTokens()))).toList();
    }
  }

  private static Measured measure(RetrainedPair pair, List<int[]> docs, int runs, Path recycleDir) throws IOException {
    try (RecycleStore store = new RecycleStore(recycleDir, Long.MAX_VALUE)) {
      note("scoring " + docs.size() + " documents with the base bundle (stores their activations)");
      try (ModelBundle base = pair.store().open(pair.base());
          ServedBundle served = ServedBundle.open(base, Devices.preferred())) {
        RecyclingScorer.open(base, served.handle(), store, null).scoreAll(docs);
      }
      try (ModelBundle next = pair.store().open(pair.frozen());
          ServedBundle served = ServedBundle.open(next, Devices.preferred())) {
        RecyclingScorer recycling = RecyclingScorer.open(next, served.handle(), store, null);
        Path scores = recycleDir.resolve("scores");
        served.scorer().scoreAll(docs); // warm-up
        double[] full = new double[runs];
        double[] recycled = new double[runs];
        List<Score> fullScores = null;
        RecyclingScorer.Outcome outcome = null;
        // ABBA order: on a shared machine whose load drifts, a fixed order would bias the ratio.
        for (int r = 0; r < runs; r++) {
          boolean fullFirst = r % 2 == 0;
          note("run " + (r + 1) + " of " + runs + (fullFirst ? ": full, then recycled" : ": recycled, then full"));
          for (int half = 0; half < 2; half++) {
            if (fullFirst == (half == 0)) {
              long t = System.nanoTime();
              fullScores = served.scorer().scoreAll(docs);
              full[r] = (System.nanoTime() - t) / 1e9;
            } else {
              deleteRecursively(scores); // else the run would reuse whole scores, not activations
              long t = System.nanoTime();
              outcome = recycling.scoreAll(docs);
              recycled[r] = (System.nanoTime() - t) / 1e9;
            }
          }
        }
        return new Measured(median(full), median(recycled), fullScores, outcome.scores(), outcome.recycled(),
            recycling.scope().layer());
      }
    }
  }

  private static BenchResult result(Config c, RetrainedPair pair, List<int[]> docs, Measured m, double loadStart,
      double loadEnd) {
    long tokens = docs.stream().mapToLong(d -> d.length).sum();
    ModelConfig whole = new ModelConfig(c.layers(), c.dModel(), c.heads(), 4 * c.dModel(), c.context(), vocabOf(pair),
        0.0, c.maxN(), 1, c.seed());
    ModelConfig upper = new ModelConfig(c.layers() - m.splitLayer(), c.dModel(), c.heads(), 4 * c.dModel(),
        c.context(), vocabOf(pair), 0.0, c.maxN(), 1, c.seed());
    double flops = new ModelCosts(whole).inferenceFlopsPerTokenOverWindow(c.context());
    double upperFlops = new ModelCosts(upper).inferenceFlopsPerTokenOverWindow(c.context());
    double allowed = flops / upperFlops;
    double speedup = m.fullSeconds() / m.recycledSeconds();
    double pplFull = perplexity(m.full());
    double pplRecycled = perplexity(m.recycled());
    List<Figure> figures = new ArrayList<>(List.of(
        new Figure("speedup", speedup, "x"),
        new Figure("speedup_allowed_by_flops", allowed, "x"),
        new Figure("speedup_share_of_allowed", (speedup - 1) / (allowed - 1), "fraction"),
        new Figure("frozen_flops_share", 1 - upperFlops / flops, "fraction"),
        new Figure("frozen_layers", m.splitLayer(), "layers"),
        new Figure("layers", c.layers(), "layers"),
        new Figure("model_vocab", vocabOf(pair), "tokens"),
        new Figure("documents", docs.size(), "docs"),
        new Figure("recycled_documents", m.recycledDocuments(), "docs"),
        new Figure("tokens", tokens, "tokens"),
        new Figure("full_seconds", m.fullSeconds(), "s"),
        new Figure("recycled_seconds", m.recycledSeconds(), "s"),
        new Figure("perplexity_full", pplFull, "ppl"),
        new Figure("perplexity_recycled", pplRecycled, "ppl"),
        new Figure("perplexity_relative_difference", Math.abs(pplRecycled - pplFull) / pplFull, "fraction"),
        new Figure("heldout_perplexity_base", pair.frozenRetrain().decision().currentPerplexity(), "ppl"),
        new Figure("heldout_perplexity_frozen_retrain", pair.frozenRetrain().decision().candidatePerplexity(), "ppl"),
        new Figure("heldout_perplexity_full_retrain", pair.fullRetrain().decision().candidatePerplexity(), "ppl"),
        new Figure("retrain_frozen_train_seconds", pair.frozenRetrain().trainSeconds(), "s"),
        new Figure("retrain_full_train_seconds", pair.fullRetrain().trainSeconds(), "s"),
        new Figure("retrain_frozen_wall_seconds", pair.frozenRetrain().seconds(), "s"),
        new Figure("retrain_full_wall_seconds", pair.fullRetrain().seconds(), "s"),
        new Figure("base_train_seconds", pair.baseTrainSeconds(), "s"),
        new Figure("load_average_start", loadStart, "1-min load"),
        new Figure("load_average_end", loadEnd, "1-min load")));
    return new BenchResult("recycle", tokens / m.recycledSeconds(), "tokens/s", "full re-scoring",
        tokens / m.fullSeconds(), figures);
  }

  private static int vocabOf(RetrainedPair pair) {
    try (ModelBundle b = pair.store().open(pair.base())) {
      return b.config().vocabSize();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Corpus-level: exp of minus the mean log-prob over every scored token. */
  static double perplexity(List<Score> scores) {
    double sum = 0;
    long n = 0;
    for (Score s : scores) {
      sum += s.logprob();
      n += s.scored();
    }
    return Math.exp(-sum / n);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
