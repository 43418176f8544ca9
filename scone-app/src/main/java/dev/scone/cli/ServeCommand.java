package dev.scone.cli;

import dev.scone.fgram.table.TableReadOptions;
import dev.scone.jobs.LoopbackOnly;
import dev.scone.jobs.RetainedCheckpoints;
import dev.scone.jobs.serve.InferenceJob;
import dev.scone.jobs.serve.ServeConfig;
import dev.scone.model.infer.PrefixCacheConfig;
import dev.scone.jobs.serve.ServeTopics;
import dev.scone.jobs.serve.ServeTopicsSetup;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.ModelBundle;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scone serve}: the serving job on a local MiniCluster against a Kafka broker, until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Answer score and generate requests from Kafka with a bundle.",
      "Answers requests from scone.requests on scone.responses (or each request's reply_to), "
          + "dead-lettering invalid ones on scone.requests.dlq, exactly once; follows new bundles announced "
          + "on scone.tables. Creates missing topics. Runs until Ctrl-C. Every start continues from the newest "
          + "checkpoint in <store>/checkpoints/serve-<group> unless --checkpoint-dir says otherwise."
    })
public final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = BundleArgument.LABEL,
      description = "The bundle to start with. " + BundleArgument.DESCRIPTION)
  String bundle;

  @Mixin StoreOption store;

  @Mixin BootstrapOption bootstrap;

  @Option(names = "--parallelism", defaultValue = "1", description = "Model subtasks (each loads the model).")
  int parallelism;

  @Option(names = "--batch-size", defaultValue = "16", description = "Most requests per micro-batch.")
  int batchSize;

  @Option(names = "--batch-timeout-ms", defaultValue = "20", description = "Longest a request waits for its batch to fill (ms).")
  long batchTimeoutMs;

  @Option(names = "--delivery", defaultValue = "exactly-once", paramLabel = "exactly-once|at-least-once",
      converter = DeliveryConverter.class,
      description = "exactly-once: answers visible at checkpoints, each exactly once, also after a crash."
          + " at-least-once: answers visible as soon as computed; after a crash some may repeat (same id).")
  ServeConfig.Delivery delivery;

  static final class DeliveryConverter extends KebabCaseEnum<ServeConfig.Delivery> {
    DeliveryConverter() {
      super(ServeConfig.Delivery.class);
    }
  }

  @Option(names = "--max-queue-ms", defaultValue = "10000",
      description = "A request that waited longer than this (ms) for the model is answered 'overloaded' at once,"
          + " without the model, so a backlog drains; 0: never.")
  long maxQueueMs;

  @Option(names = "--checkpoint-interval-ms", defaultValue = "1000",
      description = "Checkpoint interval (ms); answers become visible to read_committed consumers at checkpoints.")
  long checkpointIntervalMs;

  @Option(names = "--group", defaultValue = "scone-serve", description = "Consumer group and transactional id prefix.")
  String group;

  @Option(names = "--reply-to-pattern", paramLabel = "REGEX",
      description = "Topics a request's reply_to may name (a Java regular expression matched whole). The requests,"
          + " dead-letter and tables topics are always refused. Default: the responses topic and"
          + " scone.responses.<anything>.")
  String replyToPattern;

  @Option(names = "--prefix-cache", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Reuse the attention keys and values of prompt prefixes computed recently, in 16-token blocks:"
          + " answers are the same (up to float rounding), each says how many tokens it reused (cached_tokens)."
          + " --no-prefix-cache computes every request from its first token.")
  boolean prefixCache;

  @Option(names = "--prefix-cache-mb", defaultValue = "64", paramLabel = "MB",
      description = "Most memory the prefix cache of each model subtask holds (MiB of heap).")
  long prefixCacheMb;

  @Option(names = "--table-cache-mb", defaultValue = "0", paramLabel = "MB",
      description = "A Caffeine tier of decoded hot f-gram rows per model subtask (MiB of heap; 0: none)."
          + " For a table larger than RAM; when it fits, plain reads from the page cache are faster"
          + " (scone bench table-scale measures both).")
  int tableCacheMb;

  @Option(names = "--prefetch-threads", defaultValue = "0", paramLabel = "N",
      description = "I/O threads that page in a batch's f-gram rows before the model reads them (0: none)."
          + " For a table larger than RAM, as --table-cache-mb.")
  int prefetchThreads;

  @Option(names = "--table-random-access", description = "madvise(RANDOM) on the f-gram table and the match index's"
      + " tables: a page fault reads that page only, not the kernel's 128 KiB around it. For a table larger than RAM"
      + " whose hot rows lie apart (scone bench table-scale --layout scattered --advice readaround,random).")
  boolean tableRandomAccess;

  @Mixin CheckpointDirOption checkpoints;

  @Mixin ClusterTarget target;

  @Option(names = "--fresh", description = "Forget the checkpoints. Requests are still read from the consumer"
      + " group's committed offsets, so nothing answered before is answered again.")
  boolean fresh;

  /** The options each field of {@link ServeConfig} comes from, for its validation messages. */
  private static final Map<String, String> OPTIONS = Map.of("maxRequests", "--batch-size",
      "timeoutMs", "--batch-timeout-ms", "maxQueueMs", "--max-queue-ms", "parallelism", "--parallelism",
      "checkpoint interval", "--checkpoint-interval-ms", "the reply_to pattern", "--reply-to-pattern",
      "prefix cache budget", "--prefix-cache-mb", "cacheMegabytes", "--table-cache-mb", "prefetchThreads",
      "--prefetch-threads");

  @Override
  public Integer call() throws Exception {
    JobClient job = start(spec.commandLine().getOut());
    return FlinkRun.attend(job, "serve", spec.commandLine().getOut(), spec.commandLine().getErr(), target.given());
  }

  /** Resolves the options, creates missing topics, starts the job and prints the plan; the caller cancels it. */
  JobClient start(PrintWriter out) throws Exception {
    target.applyDefaults(bootstrap, store);
    // Options first, then the bundle, then the broker: bad arguments are refused before any wait.
    ServeConfig.Batching batching = OptionNames.build(spec, OPTIONS,
        () -> new ServeConfig.Batching(batchSize, batchTimeoutMs, maxQueueMs));
    ServeTopics topics = OptionNames.build(spec, OPTIONS, () -> replyToPattern == null ? ServeTopics.defaults()
        : ServeTopics.defaults().withReplyToPattern(replyToPattern));
    TableReadOptions tableRead = OptionNames.build(spec, OPTIONS, () -> TableReadOptions.of(tableCacheMb, prefetchThreads,
        tableRandomAccess));
    BundleRef initial;
    int context;
    try (ModelBundle opened = BundleArgument.open(spec, bundle, store.root())) {
      initial = opened.ref();
      context = opened.config().contextLength();
    }
    String servers = bootstrap.reachable();
    Path storeRoot = store.root();
    ServeConfig config = OptionNames.build(spec, OPTIONS, () -> ServeConfig.defaults(servers, storeRoot.toString(),
        initial, context).withTopics(topics).withParallelism(parallelism).withBatch(batching)
        .withCheckpointInterval(checkpointIntervalMs).withGroup(group, group).withDelivery(delivery)
        .withPrefixCache(prefixCache ? PrefixCacheConfig.ofMegabytes(prefixCacheMb) : PrefixCacheConfig.OFF)
        .withTableRead(tableRead));
    List<String> created = ServeTopicsSetup.createMissing(servers, config.topics(), parallelism);
    JobClient job = target.given()
        ? FlinkRun.submit(target, InferenceJob.pipelineOptions(), env -> InferenceJob.wire(env, config), InferenceJob.name(config))
        : FlinkRun.submitting()
        ? FlinkRun.submit(InferenceJob.pipelineOptions(), env -> InferenceJob.wire(env, config), InferenceJob.name(config))
        : startLocal(config, out);
    if (target.given()) out.printf("submitted to %s%n", target.describe());
    out.printf("serving bundle v%06d (model %s, %d rows x %d) from %s%n", initial.version(), initial.modelVersion(),
        initial.rows(), initial.dim(), initial.uri());
    out.printf("kafka %s: %s -> %s (dead letters %s, bundles %s, reply_to must match %s)%s%n", servers,
        config.topics().requests(), config.topics().responses(), config.topics().deadLetters(), config.topics().tables(),
        config.topics().replyToPattern(), created.isEmpty() ? "" : "; created " + created);
    out.printf("parallelism %d, batches of %d or %d ms, checkpoints every %d ms, store %s, prompts <= %d tokens,"
        + " %s delivery, requests waiting over %d ms answered 'overloaded'%n", parallelism, batchSize, batchTimeoutMs,
        checkpointIntervalMs, storeRoot, context, KebabCaseEnum.name(delivery), maxQueueMs);
    out.println(target.given() ? "`scone cluster stop-job JOB_ID` stops serving." : "Ctrl-C stops serving.");
    out.flush();
    return job;
  }

  /**
   * In this JVM, its servers on 127.0.0.1 only, checkpoints retained under the store (or {@code
   * --checkpoint-dir}) and restored from the newest there, as count-live does.
   */
  private JobClient startLocal(ServeConfig config, PrintWriter out) throws Exception {
    Configuration flink = LoopbackOnly.options();
    Path dir = checkpoints.dir(store.root().resolve("checkpoints").resolve("serve-" + config.groupId()));
    if (fresh) RetainedCheckpoints.forget(dir);
    flink.addAll(RetainedCheckpoints.in(dir));
    RetainedCheckpoints.latest(dir).ifPresentOrElse(c -> out.printf("continuing from checkpoint %s%n", c),
        () -> out.printf("no checkpoint in %s: requests from group %s's committed offsets%n", dir, config.groupId()));
    StreamExecutionEnvironment env = InferenceJob.localEnvironment(config.parallelism(), flink);
    InferenceJob.wire(env, config);
    return env.executeAsync(InferenceJob.name(config));
  }

}
