package dev.scone.cli;

import dev.scone.jobs.LoopbackOnly;
import dev.scone.jobs.RetainedCheckpoints;
import dev.scone.jobs.count.CountJobConfig;
import dev.scone.jobs.count.CountingMode;
import dev.scone.jobs.count.FgramCountJob;
import dev.scone.jobs.count.KafkaCountConfig;
import dev.scone.jobs.count.KafkaFgramCountJob;
import dev.scone.jobs.count.StreamingIntervals;
import dev.scone.kafka.TopicSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code scone count-live}: the unbounded f-gram count job between {@code scone.corpus} and
 * {@code scone.vocab}, locally (checkpoints kept under the store, so a restart continues) or, under
 * {@code flink run}, on that cluster.
 */
@Command(
    name = "count-live",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Count f-grams of the documents on scone.corpus, live.",
      "Counts n-grams of the documents on scone.corpus as they arrive, keeps the top S f-grams fresh, "
          + "publishes each new vocabulary into the store and announces it on scone.vocab, exactly once. "
          + "Creates missing topics. Runs until Ctrl-C; the next start continues from the last checkpoint, "
          + "kept in <store>/checkpoints/count-live unless --checkpoint-dir says otherwise."
    })
public final class CountLiveCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin BootstrapOption bootstrap;

  @Mixin StoreOption store;

  @Option(names = "--mode", defaultValue = "exact",
      description = "exact (a count per distinct n-gram), bounded (Space-Saving, m counters per subtask) or recency (decayed by event time).")
  String mode;

  @Mixin FgramOptions selection;

  @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of parse, tokenize and count; corpus partitions.")
  int parallelism;

  @Option(names = "--summary-capacity", paramLabel = "M", description = "bounded mode: counters per subtask."
      + " Default: 40 x --fgrams.")
  Integer summaryCapacity;

  @Option(names = "--half-life-ms", defaultValue = "86400000", description = "recency mode: event-time half-life of an occurrence's weight (ms).")
  long halfLifeMs;

  @Option(names = "--publish-interval-ms", defaultValue = "60000", description = "Least time between two published vocabularies (ms).")
  long publishIntervalMs;

  @Option(names = "--checkpoint-interval-ms", defaultValue = "10000", description = "Checkpoint interval (ms); announcements commit at checkpoints.")
  long checkpointIntervalMs;

  @Mixin CheckpointDirOption checkpoints;

  @Mixin ClusterTarget target;

  @Option(names = "--fresh", description = "Forget the checkpoints: recount the topic from its start.")
  boolean fresh;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    JobClient job = start(out);
    if (!FlinkRun.submitting() && !target.given()) out.println("Ctrl-C stops counting.");
    return FlinkRun.attend(job, "count-live", out, spec.commandLine().getErr(), target.given());
  }

  /** Resolves the options, creates missing topics, starts the job and prints the plan; the caller cancels it. */
  JobClient start(PrintWriter out) throws Exception {
    target.applyDefaults(bootstrap, store);
    Path storeRoot = store.root();
    CountJobConfig config = config(storeRoot); // bad options first, before waiting for a broker
    String servers = bootstrap.reachable();
    KafkaCountConfig kafka = new KafkaCountConfig(servers, KafkaCountConfig.CORPUS_TOPIC, KafkaCountConfig.VOCAB_TOPIC,
        "scone-fgram-count", checkpointIntervalMs);
    StreamingIntervals intervals = new StreamingIntervals(Math.min(10_000, publishIntervalMs), publishIntervalMs);
    Map<String, Integer> topics = new LinkedHashMap<>();
    topics.put(kafka.corpusTopic(), parallelism);
    topics.put(kafka.vocabTopic(), 1);
    List<String> created = TopicSetup.createMissing(servers, topics);
    JobClient job = start(config, intervals, kafka, out);
    out.printf("counting %s -> %s at %s%s: %s mode, 2..%d-grams, top %,d seen >= %d times, parallelism %d%n",
        kafka.corpusTopic(), kafka.vocabTopic(), servers, created.isEmpty() ? "" : " (created " + created + ")",
        config.mode().name().toLowerCase(), selection.maxN(), selection.fgrams(), selection.minCount(), parallelism);
    out.printf("vocabularies go to %s/vocab; a new one at most every %,d ms%n", storeRoot, publishIntervalMs);
    out.flush();
    return job;
  }

  private JobClient start(CountJobConfig config, StreamingIntervals intervals, KafkaCountConfig kafka, PrintWriter out)
      throws Exception {
    if (target.given()) {
      JobClient job = FlinkRun.submit(target, FgramCountJob.pipelineOptions(), env -> {
        env.setParallelism(config.parallelism());
        KafkaFgramCountJob.wire(env, config, intervals, kafka);
      }, KafkaFgramCountJob.name(kafka));
      out.printf("submitted to %s%n", target.describe());
      return job;
    }
    if (FlinkRun.submitting()) {
      return FlinkRun.submit(FgramCountJob.pipelineOptions(), env -> {
        env.setParallelism(config.parallelism());
        KafkaFgramCountJob.wire(env, config, intervals, kafka);
      }, KafkaFgramCountJob.name(kafka));
    }
    // Beside what the job publishes, so a store moved or shared as a whole keeps its job's position.
    Path dir = checkpoints.dir(store.root().resolve("checkpoints").resolve("count-live"));
    if (fresh) RetainedCheckpoints.forget(dir);
    Configuration flink = RetainedCheckpoints.in(dir);
    flink.addAll(LoopbackOnly.options()); // no MiniCluster server reachable from other machines
    RetainedCheckpoints.latest(dir).ifPresent(c -> out.printf("continuing from checkpoint %s%n", c));
    return KafkaFgramCountJob.start(config, intervals, kafka, flink);
  }

  private CountJobConfig config(Path storeRoot) {
    CountJobConfig exact = OptionNames.build(spec, CountCommand.OPTIONS, () -> new CountJobConfig("gpt2",
        selection.maxN(), selection.fgrams(), selection.minCount(), parallelism,
        CountJobConfig.DEFAULT_MAX_DOCUMENT_CHARS, true, CountingMode.EXACT, storeRoot.toString(), ""));
    return switch (mode) {
      case "exact" -> exact;
      case "bounded" -> OptionNames.build(spec, CountCommand.OPTIONS, () -> exact.boundedMemory(
          summaryCapacity != null ? summaryCapacity : (int) Math.min(Integer.MAX_VALUE, 40L * selection.fgrams())));
      case "recency" -> OptionNames.build(spec, CountCommand.OPTIONS, () -> exact.recency(halfLifeMs));
      default -> throw new ParameterException(spec.commandLine(), "--mode " + mode + ": expected exact, bounded or recency");
    };
  }
}
