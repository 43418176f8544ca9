package dev.scone.cli;

import dev.scone.jobs.rescore.PartFiles;
import dev.scone.jobs.rescore.RescoreConfig;
import dev.scone.jobs.rescore.RescoreInput;
import dev.scone.jobs.rescore.RescoreOutput;
import dev.scone.jobs.rescore.RescoreRun;
import dev.scone.model.bundle.ModelBundle;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
      "Score documents with a bundle in a bounded Flink job, exactly one output line each.",
      "Input: {\"id\",\"text\"} JSON per line (--in) or per Kafka record (--topic).",
      "Output line: {\"id\",\"tokens\",\"logprob\",\"perplexity\",\"token_logprobs\"?,",
      "  \"model_version\",\"table_version\",\"schema_version\"},",
      "  or {\"id\",\"error\":{\"code\",\"message\"}} for a bad record.",
      "Progress (documents/s, ETA, tokens/s) is drawn on stderr."
    })
public final class RescoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--bundle", required = true, description = "A bundle directory or a version in the store.")
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

  @Option(names = "--end-offsets", paramLabel = "P=O[,P=O...]", description = "End offset (exclusive) per partition of --topic (default: the current end).")
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

  @Option(names = "--checkpoint-dir", description = "Checkpoint directory (default: a temporary one, deleted after success).")
  Path checkpointDir;

  @Option(names = "--checkpoint-interval-ms", defaultValue = "2000", description = "Checkpoint interval; file output commits on each.")
  long checkpointIntervalMs;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      Path bundleDir;
      try (ModelBundle opened = BundleArgument.open(bundle, store.root())) { // verified once here, again per subtask
        bundleDir = opened.directory();
        out.printf("bundle v%06d: %s (model %s, %,d f-grams)%n", opened.manifest().version(), bundleDir,
            opened.manifest().modelVersion(), opened.manifest().fgrams());
      }
      boolean tempCheckpoints = checkpointDir == null;
      Path checkpoints = tempCheckpoints ? Files.createTempDirectory("scone-rescore-checkpoints") : checkpointDir;
      RescoreConfig config = new RescoreConfig(bundleDir.toString(), input(), output(), logprobs, parallelism, batch,
          checkpoints, checkpointIntervalMs, 3, UUID.randomUUID().toString());
      out.flush();
      RescoreRun.Result r;
      try {
        r = RescoreRun.run(config, !noProgress);
      } finally {
        if (tempCheckpoints) PartFiles.deleteRecursively(checkpoints); // a new run cannot resume from them
      }
      out.printf("rescored %,d documents (%,d bad records) in %.1f s: %,.1f documents/s, %,.0f tokens/s -> %s%n",
          r.lines() - r.errors(), r.errors(), r.seconds(), r.documentsPerSecond(), r.tokensPerSecond(),
          output.file != null ? output.file.toAbsolutePath() : "topic " + output.topic);
      return 0;
    } catch (Exception e) {
      spec.commandLine().getErr().println("scone rescore: " + e.getMessage());
      return 1;
    }
  }

  private RescoreInput input() {
    if (input.files != null) {
      if (startOffsets != null || endOffsets != null) throw new IllegalArgumentException("--start-offsets/--end-offsets need --topic, not --in");
      return new RescoreInput.JsonlFiles(input.files);
    }
    return new RescoreInput.KafkaRange(bootstrap.resolve(), input.topic, offsets("--start-offsets", startOffsets),
        offsets("--end-offsets", endOffsets));
  }

  private RescoreOutput output() {
    if (output.file != null) return new RescoreOutput.JsonlFile(output.file);
    return new RescoreOutput.KafkaTopic(bootstrap.resolve(), output.topic);
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
