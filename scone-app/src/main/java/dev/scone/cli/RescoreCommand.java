package dev.scone.cli;

import dev.scone.fgram.files.FileTrees;
import dev.scone.jobs.rescore.RecycleConfig;
import dev.scone.jobs.rescore.RescoreConfig;
import dev.scone.jobs.rescore.RescoreInput;
import dev.scone.jobs.rescore.RescoreOutput;
import dev.scone.jobs.rescore.RescoreJob;
import dev.scone.jobs.rescore.RescoreRun;
import dev.scone.model.bundle.ModelBundle;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scone rescore}: scores documents with a bundle in a bounded Flink job (local
 * MiniCluster), from JSONL files or a Kafka topic range into a JSONL file or a Kafka topic,
 * exactly one line per document, resuming from its checkpoint after a failure.
 */
@Command(
    name = "rescore",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Score documents with a bundle, one output line each.",
      "Runs a bounded Flink job that writes exactly one output line per document.",
      "Input: {\"id\",\"text\"} JSON per line (--in) or per Kafka record (--topic).",
      "Output line: {\"id\",\"tokens\",\"logprob\",\"perplexity\",\"token_logprobs\"?,",
      "  \"model_version\",\"table_version\",\"schema_version\"},",
      "  or {\"id\",\"error\":{\"code\",\"message\"}} for a bad record.",
      "Progress (documents/s, ETA, tokens/s) is drawn on stderr.",
      "Recycling (on unless --no-recycle): a document this bundle scored before gets its stored score; one whose",
      "  layer-K activations a bundle with the same frozen lower part stored runs only the upper layers",
      "  (see trainer --freeze-layers). Stored under --recycle-dir, trimmed to --recycle-budget-mb."
    })
public final class RescoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--bundle", required = true, paramLabel = BundleArgument.LABEL, description = BundleArgument.DESCRIPTION)
  String bundle;

  @Mixin StoreOption store;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--in", arity = "1..*", paramLabel = "FILE.jsonl", description = "JSONL input files.")
    List<Path> files;

    @Option(names = "--topic", paramLabel = "T", description = "Input topic (earliest to the current end unless offsets are given).")
    String topic;
  }

  @Option(names = "--start-offsets", paramLabel = "P=O[,P=O...]", description = "First offset per partition of --topic (others: earliest).")
  String startOffsets;

  @Option(names = "--end-offsets", paramLabel = "P=O[,P=O...]",
      description = "End offset (exclusive) per partition of --topic. Default: the current end.")
  String endOffsets;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Output output;

  static final class Output {
    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "Output file (replaced).")
    Path file;

    @Option(names = "--out-topic", paramLabel = "T", description = "Output topic (exactly-once; key = id).")
    String topic;
  }

  @Mixin BootstrapOption bootstrap;

  @Option(names = "--logprobs", description = "Write each scored token's log-probability.")
  boolean logprobs;

  @Option(names = "--parallelism", defaultValue = "1", description = "Scoring subtasks, each with its own model.")
  int parallelism;

  @Option(names = "--batch", defaultValue = "" + RescoreConfig.DEFAULT_BATCH_DOCUMENTS, description = "Documents per scoring call.")
  int batch;

  @Option(names = "--checkpoint-dir", paramLabel = "DIR",
      description = "Checkpoint directory of this run (a failed run is not resumed from it by the next)."
          + " Default: a temporary one, deleted after success.")
  Path checkpointDir;

  @Option(names = "--checkpoint-interval-ms", defaultValue = "2000", description = "Checkpoint interval; file output commits on each.")
  long checkpointIntervalMs;

  @Mixin ProgressOption progress;

  @Mixin ClusterTarget target;

  @Option(names = "--recycle", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Reuse this bundle's earlier scores and stored layer-K activations of the same frozen lower part.")
  boolean recycle;

  @Option(names = "--recycle-layer", paramLabel = "K",
      description = "Split layer whose activations are stored and reused. Default: the layers the bundle's retrain"
          + " froze, else half the model's layers.")
  Integer recycleLayer;

  @Option(names = "--recycle-dir", paramLabel = "DIR",
      description = "Where activations and scores are stored (kept across runs; delete it to clear). Default: the"
          + " store's recycle/ directory.")
  Path recycleDir;

  @Option(names = "--recycle-budget-mb", defaultValue = "2048",
      description = "Recycle store size in MiB; least recently used files are deleted beyond it at the end of a run.")
  long recycleBudgetMb;

  /** The options each field of {@link RescoreConfig} comes from, for its validation messages. */
  private static final Map<String, String> OPTIONS = Map.of("parallelism", "--parallelism",
      "batchDocuments", "--batch", "checkpoint interval", "--checkpoint-interval-ms", "recycle layer", "--recycle-layer",
      "recycle budget", "--recycle-budget-mb");

  private String servers; // resolved and probed once, when a topic needs them

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    target.applyDefaults(bootstrap, store); // before the store or the broker is read
    if (input.files != null) {
      for (Path f : input.files) TextArguments.requireFile(spec, "--in", f); // lines are decoded one by one
    }
    RescoreInput from = OptionNames.build(spec, OPTIONS, this::input);
    Path bundleDir;
    try (ModelBundle opened = BundleArgument.open(spec, bundle, store.root())) { // verified once here, again per subtask
      bundleDir = opened.directory();
      out.printf("bundle v%06d: %s (model %s, %,d f-grams)%n", opened.manifest().version(), bundleDir,
          opened.manifest().modelVersion(), opened.manifest().fgrams());
    }
    RescoreOutput to = output.file != null ? new RescoreOutput.JsonlFile(output.file)
        : new RescoreOutput.KafkaTopic(servers(), output.topic);
    boolean tempCheckpoints = checkpointDir == null;
    Path checkpoints = tempCheckpoints ? Files.createTempDirectory("scone-rescore-checkpoints") : checkpointDir;
    try {
      RescoreConfig config = OptionNames.build(spec, OPTIONS, () -> new RescoreConfig(bundleDir.toString(), from, to,
          logprobs, parallelism, batch, checkpoints, checkpointIntervalMs, 3, UUID.randomUUID().toString(),
          recycleConfig()));
      out.flush();
      if (target.given()) return onCluster(config, out);
      RescoreRun.Result r = RescoreRun.run(config, progress.show());
      out.printf("rescored %,d documents (%,d bad records) in %.1f s: %,.1f documents/s, %,.0f tokens/s -> %s%n",
          r.lines() - r.errors(), r.errors(), r.seconds(), r.documentsPerSecond(), r.tokensPerSecond(),
          output.file != null ? output.file.toAbsolutePath() : "topic " + output.topic);
      if (recycle) {
        out.printf("recycled: %,d documents ran only the upper layers on stored activations, %,d scores reused"
            + " from an earlier run of this bundle (%s)%n", r.recycled(), r.reused(), recycleConfig().dir());
      }
      return 0;
    } finally {
      if (tempCheckpoints) FileTrees.delete(checkpoints); // a new run cannot resume from them
    }
  }

  /**
   * Runs the job on the session cluster and waits for it. Its subtasks count tokens and recycled
   * documents in the cluster's JVMs, not here: the summary gives what this process can see.
   */
  private int onCluster(RescoreConfig config, PrintWriter out) throws Exception {
    out.printf("submitting to %s%n", target.describe());
    out.flush();
    StreamExecutionEnvironment env = RescoreJob.configure(target.environment(RescoreJob.options(config)), config);
    RescoreRun.Result r = RescoreRun.run(env, config, false, UnaryOperator.identity());
    if (output.file != null) {
      out.printf("rescored %,d documents (%,d bad records) on the cluster in %.1f s: %,.1f documents/s -> %s%n",
          r.lines() - r.errors(), r.errors(), r.seconds(), r.documentsPerSecond(), output.file.toAbsolutePath());
    } else {
      out.printf("rescored on the cluster in %.1f s -> topic %s (counts: the job's metrics in the cluster)%n",
          r.seconds(), output.topic);
    }
    return 0;
  }

  /** Null with --no-recycle. */
  private RecycleConfig recycleConfig() {
    if (!recycle) return null;
    Path dir = recycleDir != null ? recycleDir : store.root().resolve("recycle");
    return new RecycleConfig(dir.toAbsolutePath().toString(), recycleLayer, Math.multiplyExact(recycleBudgetMb, 1L << 20));
  }

  private RescoreInput input() {
    if (input.files != null) {
      if (startOffsets != null || endOffsets != null) throw new IllegalArgumentException("--start-offsets/--end-offsets need --topic, not --in");
      return new RescoreInput.JsonlFiles(input.files);
    }
    Map<Integer, Long> start = offsets("--start-offsets", startOffsets);
    Map<Integer, Long> end = offsets("--end-offsets", endOffsets);
    return new RescoreInput.KafkaRange(servers(), input.topic, start, end);
  }

  private String servers() {
    if (servers == null) servers = bootstrap.reachable();
    return servers;
  }

  /** "0=10,1=5" to {0: 10, 1: 5}; null to an empty map. */
  static Map<Integer, Long> offsets(String option, String value) {
    Map<Integer, Long> out = new HashMap<>();
    if (value == null || value.isBlank()) return out;
    for (String pair : value.split(",")) {
      String[] pv = pair.trim().split("=");
      if (pv.length != 2 || !pv[0].matches("\\d+") || !pv[1].matches("\\d+")) {
        throw new IllegalArgumentException(option + ": expected PARTITION=OFFSET pairs separated by commas, found '" + pair + "'");
      }
      out.put(Integer.parseInt(pv[0]), Long.parseLong(pv[1]));
    }
    return out;
  }
}
