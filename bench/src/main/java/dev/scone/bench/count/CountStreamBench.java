package dev.scone.bench.count;

import dev.scone.bench.fgram.BenchResult.Figure;
import dev.scone.bench.fgram.BenchResult;
import dev.scone.broker.BrokerConfig;
import dev.scone.broker.LocalKafkaBroker;
import dev.scone.fgram.files.FileTrees;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.jobs.count.CountJobConfig;
import dev.scone.jobs.count.CountingMode;
import dev.scone.jobs.count.KafkaCountConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bench count-stream}: tokens/s of the Flink counting job reading a corpus from Kafka
 * (bounded, {@code parallelism} subtasks) vs the single-process batch counter over the same
 * documents in the same process, repetitions alternating, medians reported. Each Flink run's
 * published vocabulary must equal the batch selection, or the bench throws.
 *
 * <p>Starts its own broker in a temp directory and deletes it, the topic data and the published
 * vocabularies afterwards, also on failure. Not thread-safe; one run at a time per machine is
 * what the timings assume.
 */
public final class CountStreamBench {

  /**
   * The knobs.
   *
   * @param maxN longest n-gram counted
   * @param fgrams S, the most f-grams kept
   * @param minCount the least count of an f-gram
   * @param parallelism Flink parallelism, also the topic's partition count
   * @param repetitions Flink/batch pairs run (>= 1); medians are reported
   */
  public record Config(int maxN, int fgrams, long minCount, int parallelism, int repetitions) {
    public Config {
      if (repetitions < 1) throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
      if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }

    /** maxN 5, S 100,000, minCount 5, parallelism 2, 3 repetitions. */
    public static Config defaults() {
      return new Config(5, 100_000, 5, 2, 3);
    }
  }

  private CountStreamBench() {}

  /**
   * Runs the bench on {@code documents} (GPT-2 tokens).
   *
   * @throws IllegalArgumentException when there are no documents
   * @throws IllegalStateException when a published vocabulary differs from the batch selection
   */
  public static BenchResult run(List<String> documents, Config config) throws Exception {
    return run(documents, config, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** As {@link #run(List, Config)}, with the temp directory made (and deleted) under {@code tempParent}. */
  static BenchResult run(List<String> documents, Config config, Path tempParent) throws Exception {
    if (documents.isEmpty()) throw new IllegalArgumentException("no documents; expected at least one");
    Path dir = Files.createTempDirectory(tempParent, "scone-count-stream");
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerConfig.in(dir.resolve("kafka")).withAutoCreateTopics(false))) {
      CorpusTopic.fill(broker.bootstrapServers(), KafkaCountConfig.CORPUS_TOPIC, config.parallelism(), documents);
      return measure(broker.bootstrapServers(), documents, config, dir.resolve("store"));
    } finally {
      FileTrees.delete(dir);
    }
  }

  private static BenchResult measure(String bootstrap, List<String> documents, Config config, Path store) throws Exception {
    CountJobConfig job = new CountJobConfig("gpt2", config.maxN(), config.fgrams(), config.minCount(), config.parallelism(),
        CountJobConfig.DEFAULT_MAX_DOCUMENT_CHARS, true, CountingMode.EXACT, store.toString(), "");
    double[] flinkNet = new double[config.repetitions()];
    double[] flinkWall = new double[config.repetitions()];
    double[] batch = new double[config.repetitions()];
    BatchCount.Run reference = null;
    for (int r = 0; r < config.repetitions(); r++) {
      BoundedKafkaCount.Run flink = BoundedKafkaCount.run(bootstrap, KafkaCountConfig.CORPUS_TOPIC, "count-stream-bench-" + r, job);
      reference = BatchCount.run(documents, job.tokenizer(), config.maxN(), config.fgrams(), config.minCount());
      VocabularyFile.Contents published = VocabularyFile.read(Path.of(flink.published().path), flink.published().sha256);
      SameVocabulary.require(reference.vocabulary(), published.vocabulary(), flink.published().path);
      flinkNet[r] = flink.netSeconds();
      flinkWall[r] = flink.wallSeconds();
      batch[r] = reference.seconds();
    }
    return result(reference, config, median(flinkNet), median(flinkWall), median(batch));
  }

  private static BenchResult result(BatchCount.Run reference, Config config, double flinkNet, double flinkWall, double batch) {
    double tokens = reference.tokens();
    double tableBytes = TableStateSize.tableBytes(reference.counts(), config.parallelism());
    return new BenchResult("count-stream", tokens / flinkNet, "tokens/s", "single-process NgramCounter + FgramSelector",
        tokens / batch, List.of(
            new Figure("tokens", tokens, "tokens"),
            new Figure("parallelism", config.parallelism(), "subtasks"),
            new Figure("repetitions", config.repetitions(), "runs"),
            new Figure("flink_job_s", flinkNet, "s (median, job runtime)"),
            new Figure("flink_execute_wall_s", flinkWall, "s (median, incl. MiniCluster start/stop)"),
            new Figure("flink_wall_tokens_per_s", tokens / flinkWall, "tokens/s"),
            new Figure("batch_s", batch, "s (median)"),
            new Figure("fgrams", reference.vocabulary().size(), "f-grams (equal in both)"),
            new Figure("distinct_ngrams", reference.distinct(), "n-grams (entries in the count tables)"),
            new Figure("state_bytes_per_ngram", tableBytes / atLeastOne(reference.distinct()), "B (count tables' arrays, computed)"),
            new Figure("state_mib", tableBytes / (1 << 20), "MiB (count tables' arrays, all subtasks)"),
            new Figure("checkpoint_bytes_per_ngram", TableStateSize.CHECKPOINT_BYTES_PER_NGRAM, "B")));
  }

  private static double atLeastOne(long n) {
    return Math.max(1, n);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
