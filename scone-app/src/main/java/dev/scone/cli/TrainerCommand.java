package dev.scone.cli;

import dev.scone.trainer.TrainerConfig;
import dev.scone.trainer.TrainerService;
import dev.scone.training.loop.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code scone trainer}: the trainer service ({@link TrainerService}) until Ctrl-C. Follows
 * scone.vocab, refreshes (and on its triggers warm-start retrains) the newest bundle in the store,
 * and announces on scone.tables what passed the held-out perplexity gate.
 */
@Command(
    name = "trainer",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Refresh and retrain bundles as new vocabularies arrive.",
      "Runs the trainer service until Ctrl-C: each new f-gram vocabulary on scone.vocab refreshes the newest "
          + "bundle's table (new f-grams get rows from its f-gram model, the main model untouched); with --recent, "
          + "warm-start retraining on its triggers. A candidate is published and announced on scone.tables only if "
          + "its perplexity on --holdout is not worse than the current bundle's."
    })
public final class TrainerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin BootstrapOption bootstrap;

  @Mixin StoreOption store;

  @Option(names = "--holdout", required = true, paramLabel = "DIR",
      description = "Directory of held-out .txt files (UTF-8) the gate scores on.")
  Path holdout;

  @Option(names = "--recent", paramLabel = "DIR",
      description = "Directory of recent .txt files (UTF-8) to retrain on (no retraining without it).")
  Path recent;

  @Option(names = "--retrain-every", defaultValue = "0", description = "Retrain every N vocabulary versions (0: never).")
  int retrainEvery;

  @Option(names = "--retrain-interval", description = "Retrain when this long passed since the last (ISO-8601, e.g. PT6H).")
  Duration retrainInterval;

  @Option(names = "--retrain-new-share", defaultValue = "2.0",
      description = "Retrain when this share of a vocabulary's f-grams is new, or its refresh was rejected (> 1: never).")
  double retrainNewShare;

  @Option(names = "--min-gain", defaultValue = "0.0",
      description = "Relative perplexity gain a candidate needs (0: not worse; negative tolerates a loss).")
  double minGain;

  @Option(names = "--warm-steps", defaultValue = "200", description = "Warm-start training steps.")
  int warmSteps;

  @Option(names = "--freeze-layers", defaultValue = "0", paramLabel = "K",
      description = "Warm-start retrains keep the embeddings, the table rows and the lower K blocks frozen and train"
          + " only the upper ones (0: train everything). rescore then recycles stored layer-K activations.")
  int freezeLayers;

  @Mixin ThreadsOption threads;

  @Option(names = "--group", defaultValue = "scone-trainer", description = "Consumer group (and transactional id prefix).")
  String group;

  @Option(names = "--vocab-topic", defaultValue = "scone.vocab", description = "Vocabulary announcements topic.")
  String vocabTopic;

  @Option(names = "--tables-topic", defaultValue = "scone.tables", description = "Bundle announcements topic.")
  String tablesTopic;

  /** The options each field of {@link TrainerConfig} and its retraining comes from, for validation messages. */
  private static final Map<String, String> OPTIONS = Map.of("retrainEveryVersions", "--retrain-every",
      "retrainInterval", "--retrain-interval", "retrainNewFgramShare", "--retrain-new-share",
      "steps must", "--warm-steps must", "threads", "--threads", "frozenLayers", "--freeze-layers");

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    // Read now, so a bad directory is refused at start: the service reads it again when it starts.
    TextArguments.directory(spec, "--holdout", "held-out", holdout);
    if (recent != null && !Files.isDirectory(recent)) {
      throw new ParameterException(spec.commandLine(), "--recent " + recent + ": expected a directory of .txt files");
    }
    TrainerConfig config = config();
    threads.configure(); // one model at a time (gate scoring, then a retrain)
    out.printf("trainer: %s -> %s at %s, store %s, held-out %s, retraining %s%n", config.vocabTopic(),
        config.tablesTopic(), config.bootstrap(), config.store(), config.heldOut(),
        config.retrains() ? "on " + config.recentText()
            + (config.frozenLayers() > 0 ? " (lower " + config.frozenLayers() + " layers frozen)" : "") : "off");
    out.flush();
    CountDownLatch done = new CountDownLatch(1);
    try (TrainerService service = TrainerService.create(config)) {
      Thread hook = new Thread(() -> {
        service.stop();
        try {
          done.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "trainer-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        service.run();
      } finally {
        out.println("trainer stopped: " + service.stats());
        out.flush();
      }
    } finally {
      done.countDown();
    }
    return 0;
  }

  private TrainerConfig config() {
    TrainerConfig config = OptionNames.build(spec, OPTIONS, () -> {
      TrainerConfig base = TrainerConfig.defaults(bootstrap.resolve(), store.root(), holdout)
          .withTopics(vocabTopic, tablesTopic).withGroup(group, group + "-producer").withGate(minGain);
      TrainingConfig warm = base.retraining().withSteps(warmSteps).withThreads(threads.count());
      return base.withRetraining(recent, retrainEvery, retrainInterval, retrainNewShare, warm)
          .withFrozenLayers(freezeLayers);
    });
    bootstrap.reachable(); // the options are good: now the broker must answer, or the address is named
    return config;
  }
}
