package dev.scone.bench.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.bench.fgram.BenchResult.Figure;
import dev.scone.bench.fgram.BenchResult;
import dev.scone.broker.BrokerConfig;
import dev.scone.broker.LocalKafkaBroker;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.jobs.serve.ServeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code bench serve}: requests/s and latency of the serving job answering score requests of
 * about {@code tokensPerRequest} tokens through Kafka at a fixed offered rate, the SCONE bundle
 * vs a baseline bundle of the same model sizes, phases alternating (SCONE first) in one run on
 * one local broker; medians over repetitions. Each phase is a fresh job (parallelism 1,
 * exactly-once sink) on its own topics, warmed up with 32 requests first.
 *
 * <p>Bundles: the newest same-size SCONE / baseline pair of the given store when there is one
 * (trained, e.g. by {@code scone train}), else a random-weight pair of {@code scone train}'s
 * default sizes published into a scratch store; the result says which. Request texts are
 * Zipf-random tokens, so f-grams match less often than in real text.
 *
 * <p>Latency is send-to-answer as a read_committed client sees it, so it includes waiting for
 * the checkpoint that commits the answer (about half the checkpoint interval on average); the
 * answers' own latency_ms (job read to model answer) is reported beside it. The broker and
 * scratch store are deleted afterwards, also on failure.
 */
public final class ServeBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param rate offered requests per second
   * @param seconds length of each measured phase
   * @param tokensPerRequest tokens of each request's text
   * @param repetitions SCONE / baseline phase pairs; medians are reported
   * @param batchSize micro-batch size
   * @param batchTimeoutMs micro-batch timeout
   * @param checkpointIntervalMs checkpoint interval (answers are committed at checkpoints)
   * @param delivery the job's delivery mode
   * @param maxQueueMs the job's admission limit (a request waiting longer is answered overloaded)
   * @param checkpointing how the job's checkpoint barriers travel past in-flight data
   */
  public record Config(double rate, int seconds, int tokensPerRequest, int repetitions, int batchSize,
      long batchTimeoutMs, long checkpointIntervalMs, ServeConfig.Delivery delivery, long maxQueueMs,
      Checkpointing checkpointing) {

    /**
     * Flink's options for bounding what a checkpoint barrier waits behind: aligned barriers with
     * fixed buffers, unaligned barriers (they overtake buffered records, which are stored with the
     * checkpoint), or aligned barriers with buffer debloating (in-flight buffers sized to about one
     * second of throughput; what {@code scone serve} runs with).
     */
    public enum Checkpointing {
      ALIGNED,
      UNALIGNED,
      DEBLOAT
    }
    public Config {
      if (!(rate > 0)) throw new IllegalArgumentException("rate must be > 0, got " + rate);
      if (seconds < 1 || repetitions < 1 || tokensPerRequest < 2) {
        throw new IllegalArgumentException("seconds and repetitions must be >= 1 and tokensPerRequest >= 2");
      }
    }

    /**
     * 40 requests/s for 15 s of 128 tokens, one pair, batches of 16 or 20 ms, checkpoints every
     * 200 ms, exactly-once, requests shed after 10 s in the queue, buffer debloating (as serve).
     */
    public static Config defaults() {
      return new Config(40, 15, 128, 1, 16, 20, 200, ServeConfig.Delivery.EXACTLY_ONCE,
          ServeConfig.Batching.DEFAULT_MAX_QUEUE_MS, Checkpointing.DEBLOAT);
    }

    /** This config offering {@code requestsPerSecond}, with {@code mode} and {@code way}. */
    public Config at(double requestsPerSecond, ServeConfig.Delivery mode, Checkpointing way) {
      return new Config(requestsPerSecond, seconds, tokensPerRequest, repetitions, batchSize, batchTimeoutMs,
          checkpointIntervalMs, mode, maxQueueMs, way);
    }
  }

  private ServeBench() {}

  /** Runs with the bundles of {@code store} if it has a same-size pair, else random ones; scratch under {@code workDir}. */
  public static BenchResult run(Path store, Path workDir, Config config) throws Exception {
    Files.createDirectories(workDir);
    Path dir = Files.createTempDirectory(workDir, "serve-bench");
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerConfig.in(dir.resolve("kafka")).withAutoCreateTopics(false))) {
      BenchBundles bundles = bundles(store, dir);
      Texts texts = texts(bundles, config);
      List<LoadPhase.Result> scone = new ArrayList<>();
      List<LoadPhase.Result> baseline = new ArrayList<>();
      for (int r = 0; r < config.repetitions(); r++) {
        scone.add(LoadPhase.run(broker.bootstrapServers(), "bench.scone." + r, bundles.scone(), bundles, texts.json(), config));
        baseline.add(LoadPhase.run(broker.bootstrapServers(), "bench.baseline." + r, bundles.baseline(), bundles, texts.json(), config));
      }
      return result(bundles, config, texts.meanTokens(), scone, baseline);
    } finally {
      deleteRecursively(dir);
    }
  }

  /** The store's newest same-size pair, or a random-weight pair published under {@code dir}. */
  static BenchBundles bundles(Path store, Path dir) throws IOException {
    Optional<BenchBundles> trained = store == null ? Optional.empty() : BenchBundles.fromStore(store);
    return trained.isPresent() ? trained.get() : BenchBundles.random(dir.resolve("store"), 8192, 20_000, 7);
  }

  static Texts texts(BenchBundles bundles, Config config) throws IOException {
    int tokens = Math.min(config.tokensPerRequest(), bundles.contextLength());
    return texts(Tokenizers.byName("gpt2"), tokens, 64, new SplittableRandom(11));
  }

  /** Request texts: JSON string literals, and their mean token count (same tokenizer as the job). */
  record Texts(List<byte[]> json, double meanTokens) {}

  /**
   * {@code count} texts of about {@code tokens} tokens: Zipf-random ids decoded, re-encoded and
   * cut to {@code tokens} ids, decoded again (decode/encode need not round-trip token for token,
   * so a text may encode to a few tokens more or less; the mean is reported).
   */
  static Texts texts(Tokenizer tokenizer, int tokens, int count, SplittableRandom random) throws IOException {
    List<byte[]> out = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < count; i++) {
      int[] again = tokenizer.encode(tokenizer.decode(ZipfTokens.draw(random, 8192, 2 * tokens)));
      String text = tokenizer.decode(again, 0, Math.min(tokens, again.length));
      total += tokenizer.encode(text).length;
      out.add(JSON.writeValueAsBytes(text));
    }
    return new Texts(out, (double) total / count);
  }

  private static BenchResult result(BenchBundles b, Config c, double tokens, List<LoadPhase.Result> scone,
      List<LoadPhase.Result> baseline) {
    String source = b.trained() ? "trained bundles of " + b.store() : "random-weight bundles (scone train's sizes)";
    return new BenchResult("serve", median(scone, LoadPhase.Result::requestsPerSecond), "requests/s",
        "baseline bundle v" + b.baseline().version() + " (no f-grams, same sizes), " + source,
        median(baseline, LoadPhase.Result::requestsPerSecond), List.of(
            new Figure("offered_rate", c.rate(), "requests/s"),
            new Figure("tokens_per_request", tokens, "tokens (mean)"),
            new Figure("phase_seconds", c.seconds(), "s"),
            new Figure("repetitions", c.repetitions(), "pairs"),
            new Figure("trained_bundles", b.trained() ? 1 : 0, "1 = from the store, 0 = random weights"),
            new Figure("scone_version", b.scone().version(), "bundle"),
            new Figure("scone_p50_ms", median(scone, LoadPhase.Result::p50Ms), "ms (send to committed answer)"),
            new Figure("scone_p99_ms", median(scone, LoadPhase.Result::p99Ms), "ms"),
            new Figure("baseline_p50_ms", median(baseline, LoadPhase.Result::p50Ms), "ms"),
            new Figure("baseline_p99_ms", median(baseline, LoadPhase.Result::p99Ms), "ms"),
            new Figure("scone_job_p50_ms", median(scone, LoadPhase.Result::jobP50Ms), "ms (answers' latency_ms)"),
            new Figure("scone_job_p99_ms", median(scone, LoadPhase.Result::jobP99Ms), "ms"),
            new Figure("baseline_job_p50_ms", median(baseline, LoadPhase.Result::jobP50Ms), "ms"),
            new Figure("baseline_job_p99_ms", median(baseline, LoadPhase.Result::jobP99Ms), "ms"),
            new Figure("scone_answered", scone.stream().mapToInt(LoadPhase.Result::answered).sum(), "requests"),
            new Figure("baseline_answered", baseline.stream().mapToInt(LoadPhase.Result::answered).sum(), "requests"),
            new Figure("sent_per_phase", scone.get(0).sent(), "requests"),
            new Figure("checkpoint_interval_ms", c.checkpointIntervalMs(), "ms"),
            new Figure("batch_size", c.batchSize(), "requests")));
  }

  private static double median(List<LoadPhase.Result> results, java.util.function.ToDoubleFunction<LoadPhase.Result> f) {
    double[] v = results.stream().mapToDouble(f).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the bench's temp directory " + dir, e);
    }
  }
}
