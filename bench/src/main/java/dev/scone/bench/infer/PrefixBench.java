package dev.scone.bench.infer;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.fgram.BenchResult.Figure;
import dev.scone.bench.fgram.BenchTimer;
import dev.scone.model.infer.ModelHandle;
import dev.scone.model.infer.PrefixCache;
import dev.scone.model.infer.PrefixCacheConfig;
import dev.scone.model.infer.Score;
import dev.scone.model.infer.Scorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What the serving prefix cache is worth, side by side on one SCONE handle (random model and
 * table, {@link RandomServingSetup}): the same stream of score requests, in micro-batches as the
 * serving job forms them, through a scorer with the default prefix cache and one without.
 *
 * <p>Two workloads. <b>Shared</b>: every request is one fixed prefix ({@code sharedShare} of its
 * tokens, say an instruction or a document scored under several continuations) followed by its
 * own tokens. <b>Unshared</b>: every request is new from its first token, so the cache can only
 * cost (digests, keeping the keys and values of each block, evictions). Each timed run scores
 * requests neither side has seen, so only the shared prefix can be reused; the cache lives across
 * runs as it does across a server's batches. Tokens/s counts scored tokens.
 *
 * <p>Goals: shared on / off >= {@link #SHARED_GOAL}; unshared on / off >= {@link #UNSHARED_GOAL}.
 */
public final class PrefixBench {

  public static final double SHARED_GOAL = 3.0;
  public static final double UNSHARED_GOAL = 0.97;

  /**
   * @param requestLength tokens per request (at most the context, so one window each)
   * @param sharedShare the fixed prefix's share of each request in the shared workload
   * @param batchSize requests per micro-batch (one scoreAll)
   * @param batches micro-batches per timed run
   */
  public record Config(int vocab, int dModel, int layers, int heads, int context, int fgrams, int requestLength,
      double sharedShare, int batchSize, int batches, int warmups, int runs, long seed) {

    /** d=128, 2 layers, 4 heads, V=50257, context 256, 20,000 f-grams; 2 batches of 8 requests of 240 tokens, 80% shared. */
    public static Config defaults() {
      return new Config(50_257, 128, 2, 4, 256, 20_000, 240, 0.8, 8, 2, 1, 5, 1);
    }

    int requestsPerRun() {
      return batchSize * batches;
    }

    int prefixLength() {
      return (int) Math.round(sharedShare * requestLength);
    }
  }

  private PrefixBench() {}

  public static BenchResult run(Path workDir, Config c) throws IOException {
    if (c.requestLength() > c.context()) {
      throw new IllegalArgumentException("requests of " + c.requestLength() + " tokens exceed the context of " + c.context());
    }
    int perSide = (c.warmups() + c.runs()) * c.requestsPerRun();
    // Material: one document per request of each side and workload, plus the shared prefix.
    var setupConfig = new RandomServingSetup.Config(c.vocab(), c.dModel(), c.layers(), c.heads(), c.context(), c.fgrams(),
        4 * perSide + 1, c.requestLength(), c.seed());
    try (RandomServingSetup s = RandomServingSetup.create(workDir, setupConfig);
        ModelHandle handle = ModelHandle.scone(s.model, s.ids, s.table, s.matcher);
        PrefixCache sharedCache = PrefixCache.create(PrefixCacheConfig.DEFAULT, "bench shared");
        PrefixCache unsharedCache = PrefixCache.create(PrefixCacheConfig.DEFAULT, "bench unshared")) {
      Iterator<int[]> material = s.documents.iterator();
      int[] prefix = java.util.Arrays.copyOf(material.next(), c.prefixLength());
      List<int[]> sharedOn = shared(prefix, material, perSide, c.requestLength());
      List<int[]> sharedOff = shared(prefix, material, perSide, c.requestLength());
      List<int[]> unsharedOn = take(material, perSide);
      List<int[]> unsharedOff = take(material, perSide);

      double[] shared = BenchTimer.sideBySide(c.warmups(), c.runs(),
          batches(new Scorer(handle, sharedCache), sharedOn, c), batches(new Scorer(handle), sharedOff, c));
      double[] unshared = BenchTimer.sideBySide(c.warmups(), c.runs(),
          batches(new Scorer(handle, unsharedCache), unsharedOn, c), batches(new Scorer(handle), unsharedOff, c));
      double tokens = (double) c.requestsPerRun() * (c.requestLength() - 1);
      PrefixCache.Stats hits = sharedCache.stats();
      PrefixCache.Stats misses = unsharedCache.stats();
      return new BenchResult("prefix", tokens / shared[0], "tokens/s", "same requests without the prefix cache",
          tokens / shared[1], List.of(
              new Figure("shared: token hit rate", hits.tokenHitRate(), "fraction"),
              new Figure("shared: cache bytes", hits.bytes(), "bytes"),
              new Figure("shared: evictions", hits.evictions(), "blocks"),
              new Figure("shared: ratio goal", SHARED_GOAL, ""),
              new Figure("unshared: cache on", tokens / unshared[0], "tokens/s"),
              new Figure("unshared: cache off", tokens / unshared[1], "tokens/s"),
              new Figure("unshared: ratio", unshared[1] / unshared[0], ""),
              new Figure("unshared: ratio goal", UNSHARED_GOAL, ""),
              new Figure("unshared: token hit rate", misses.tokenHitRate(), "fraction"),
              new Figure("unshared: evictions", misses.evictions(), "blocks"),
              new Figure("request length", c.requestLength(), "tokens"),
              new Figure("shared prefix", c.prefixLength(), "tokens"),
              new Figure("requests per run", c.requestsPerRun(), "requests"),
              new Figure("batch size", c.batchSize(), "requests"),
              new Figure("cache budget", PrefixCacheConfig.DEFAULT.budgetBytes(), "bytes"),
              new Figure("block", PrefixCacheConfig.DEFAULT.blockTokens(), "tokens")));
    }
  }

  /** Requests of the fixed prefix followed by each document's first tokens. */
  private static List<int[]> shared(int[] prefix, Iterator<int[]> material, int count, int length) {
    List<int[]> out = new ArrayList<>(count);
    for (int[] doc : take(material, count)) {
      int[] request = java.util.Arrays.copyOf(prefix, length);
      System.arraycopy(doc, 0, request, prefix.length, length - prefix.length);
      out.add(request);
    }
    return out;
  }

  private static List<int[]> take(Iterator<int[]> material, int count) {
    List<int[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) out.add(material.next());
    return out;
  }

  /** Each call scores the next run's requests, batch by batch; returns a checksum. */
  private static LongSupplier batches(Scorer scorer, List<int[]> requests, Config c) {
    Iterator<int[]> next = requests.iterator();
    return () -> {
      long sum = 0;
      for (int b = 0; b < c.batches(); b++) {
        List<int[]> batch = new ArrayList<>(c.batchSize());
        for (int i = 0; i < c.batchSize(); i++) batch.add(next.next());
        for (Score score : scorer.scoreAll(batch)) sum += Double.doubleToLongBits(score.logprob());
      }
      return sum;
    };
  }
}
