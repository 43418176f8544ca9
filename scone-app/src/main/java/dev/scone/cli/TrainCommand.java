package dev.scone.cli;

import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.loop.TrainingConfig;
import dev.scone.training.run.TrainEval;
import dev.scone.training.run.TrainRun;
import dev.scone.training.run.TrainRunConfig;
import dev.scone.training.run.TrainRunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code scone train}: train a model on a corpus and publish it as a bundle (see TrainRun). Ctrl-C or
 * SIGTERM stops at the next step with a checkpoint ({@link InterruptSignals}) and exits 130; the
 * same command resumes from it ({@link TrainCheckpoints}).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Train a baseline or SCONE model and publish it as a bundle.",
      "Trains the main model (and, for SCONE, the f-gram model) on a corpus's training split, measures "
          + "validation perplexity, and publishes a bundle (model, vocab.arrow, table.arrow, manifest) to the store, "
          + "with the f-grams it selected as the store's next vocabulary; a run that fails publishes nothing. "
          + "Ctrl-C (or SIGTERM) stops at the next step, writes a checkpoint and exits 130; a second Ctrl-C stops at "
          + "once, without one. The same command run again resumes from the newest checkpoint. Checkpoints are kept "
          + "in --checkpoint-dir DIR, by default in <store>/checkpoints/train-<fingerprint of the options>, which is "
          + "deleted once the bundle is published (the same command then trains afresh); --fresh starts over."
    })
public final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--corpus", defaultValue = CorpusName.DEFAULT, converter = CorpusName.class,
      description = "Catalog corpus: " + CorpusName.ACCEPTED + ".")
  String corpus;

  @Option(names = "--texts", paramLabel = "DIR",
      description = "Train on the .txt files (UTF-8) in this directory instead, one document each.")
  Path texts;

  @ArgGroup(exclusive = true)
  Mode mode = new Mode();

  static final class Mode {
    @Option(names = "--baseline", description = "Train the baseline: no f-grams, token rows only.")
    boolean baseline;

    @Option(names = "--fgram-layers", defaultValue = "1", description = "Blocks in the f-gram model.")
    int fgramLayers = 1;
  }

  @Mixin FgramOptions selection;

  @Option(names = "--vocab", paramLabel = "FILE", description = "Reuse this published vocab.arrow instead of selecting f-grams.")
  Path vocab;

  @Option(names = "--vocab-min-count", defaultValue = "0",
      description = "0: the model reads and predicts all of the tokenizer's tokens. N > 0: only tokens seen"
          + " N times in training get their own id; the rest share UNK (the older, compacted vocabulary).")
  int vocabMinCount;

  @Option(names = "--softmax-cutoffs", defaultValue = "2048,16384", split = ",", paramLabel = "ID",
      description = "Adaptive-softmax cluster bounds over the frequency-ordered vocabulary; 0 for the full softmax.")
  List<Integer> softmaxCutoffs;

  @Option(names = "--layers", defaultValue = "2", description = "Main-model blocks.")
  int layers;

  @Option(names = "--d", defaultValue = "128", description = "Width d.")
  int d;

  @Option(names = "--heads", defaultValue = "4", description = "Attention heads.")
  int heads;

  @Option(names = "--mlp", defaultValue = "0", description = "MLP hidden width; 0 means 4 d.")
  int mlp;

  @Option(names = "--context", defaultValue = "128", description = "Context length T (also the training window).")
  int context;

  @Option(names = "--dropout", defaultValue = "0.0", description = "Dropout in training.")
  double dropout;

  @Option(names = "--steps", defaultValue = "1000", description = "Optimizer steps.")
  int steps;

  @Option(names = "--batch", defaultValue = "16", description = "Windows per step, B.")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate.")
  double lr;

  @Option(names = "--fgram-lr-scale", defaultValue = "1.0",
      description = "The f-gram model trains at this multiple of the learning rate, in (0, 1].")
  double fgramLearningRateScale;

  @Option(names = "--min-lr", defaultValue = "1e-4", description = "Final learning rate of the cosine decay.")
  double minLr;

  @Option(names = "--warmup", defaultValue = "100", description = "Warm-up steps (at most --steps).")
  int warmup;

  @Option(names = "--eval-every", defaultValue = "100", description = "Steps between validations; 0: only at the end.")
  int evalEvery;

  @Mixin ThreadsOption threads;

  @Mixin SeedOption seed;

  @Option(names = "--dtype", defaultValue = "float32", description = "Table storage: float32, float16 or int8.")
  String dtype;

  @Mixin StoreOption store;

  @Option(names = "--token-cache", paramLabel = "DIR", description = "Token file cache. Default: <scone cache>/tokens.")
  Path tokenCache;

  @Mixin CheckpointDirOption checkpoints;

  @Option(names = "--fresh", description = "Forget earlier checkpoints (in --checkpoint-dir DIR or the default) and"
      + " train from step 0.")
  boolean fresh;

  @Option(names = "--checkpoint-every", defaultValue = "500",
      description = "Steps between checkpoints; 0: only at the end and when stopped.")
  int checkpointEvery;

  @Mixin ProgressOption progress;

  /** The options each field of {@link TrainingConfig}, {@link TrainRunConfig} and the model config comes from. */
  private static final Map<String, String> OPTIONS = Map.ofEntries(Map.entry("steps", "--steps"),
      Map.entry("batchSize", "--batch"), Map.entry("seqLen", "--context"), Map.entry("learningRate", "--lr"),
      Map.entry("minLearningRate", "--min-lr"), Map.entry("warmupSteps", "--warmup"),
      Map.entry("evalEvery", "--eval-every"), Map.entry("checkpointEvery", "--checkpoint-every"),
      Map.entry("threads", "--threads"), Map.entry("fgramLearningRateScale", "--fgram-lr-scale"),
      Map.entry("layers", "--layers"), Map.entry("dModel", "--d"), Map.entry("heads", "--heads"),
      Map.entry("mlpHidden", "--mlp"), Map.entry("contextLength", "--context"), Map.entry("dropout", "--dropout"),
      Map.entry("maxN", "--max-n"), Map.entry("fgramLayers", "--fgram-layers"), Map.entry("fgrams", "--fgrams"),
      Map.entry("fgramMinCount", "--fgram-min-count"), Map.entry("vocabMinCount", "--vocab-min-count"),
      Map.entry("softmaxCutoffs", "--softmax-cutoffs"));

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Installed first: a signal while the data loads or the model is built also takes the clean path.
    try (InterruptSignals signals = InterruptSignals.install("scone train", err)) {
      TrainRunConfig config = config();
      TrainCheckpoints saved = TrainCheckpoints.of(checkpoints.dir(null), config, texts);
      if (fresh) saved.forget();
      Corpus loaded = texts != null ? TextArguments.directory(spec, "--texts", config.corpus(), texts)
          : Corpora.load(corpus);
      out.printf("scone train: %s on %s, %d x %d-wide blocks, %s, %d steps of %d x %d tokens%n",
          config.baseline() ? "baseline" : "SCONE (" + config.fgramLayers() + "-block f-gram model, maxN "
              + selection.maxN() + ")",
          loaded.name(), layers, d, config.vocabFile() != null ? "f-grams from " + config.vocabFile()
              : config.baseline() ? "no f-grams" : "top " + selection.fgrams() + " f-grams", steps, batch, context);
      out.printf("checkpoints in %s; Ctrl-C stops at the next step with a checkpoint there%n", saved.dir());
      saved.latest().ifPresent(c -> out.printf("resuming from %s (--fresh starts over)%n", c));
      out.flush();
      TrainRun run = tokenCache != null ? TrainRun.cachingTokensIn(tokenCache) : TrainRun.withDefaultCache();
      TrainRunResult result = run.showProgress(progress.show()).checkpointTo(saved.dir())
          .stopWhen(signals::stopRequested).run(config, loaded);
      if (result.interrupted()) {
        err.println("scone train: " + resumeHint(result, steps));
        err.flush();
        return CliConventions.INTERRUPTED;
      }
      print(out, result);
      saved.onPublished();
      return CliConventions.OK;
    }
  }

  /** Where an interrupted run of {@code steps} steps stopped and what to do next, for one line on stderr. */
  static String resumeHint(TrainRunResult r, int steps) {
    if (r.checkpoint() == null) return "interrupted before the first step; nothing to resume";
    return String.format("interrupted at step %d of %d; checkpoint %s; run the same command again to resume",
        r.training().steps(), steps, r.checkpoint());
  }

  TrainRunConfig config() {
    EmbeddingDtype storage = dtype(dtype);
    return OptionNames.build(spec, OPTIONS, () -> {
      TrainingConfig training = TrainingConfig.builder().steps(steps).batch(batch, context)
          .learningRate(lr).minLearningRate(minLr).warmupSteps(Math.min(warmup, steps)).evaluation(evalEvery, 8)
          .checkpointEvery(checkpointEvery).seed(seed.value())
          .threads(threads.count()).fgramLearningRateScale(fgramLearningRateScale).build();
      int fgramLayers = mode.baseline ? 0 : mode.fgramLayers;
      String name = texts != null ? "texts" : corpus;
      return TrainRunConfig.builder(name, store.root())
          .model(layers, d, heads, mlp > 0 ? mlp : 4 * d, context).dropout(dropout)
          .fgrams(fgramLayers, selection.maxN(), selection.fgrams(), selection.minCount(), vocab)
          .vocabMinCount(vocabMinCount).softmaxCutoffs(softmaxCutoffs.equals(List.of(0)) ? List.of() : softmaxCutoffs)
          .training(training).dtype(storage).seed(seed.value()).build();
    });
  }

  private EmbeddingDtype dtype(String label) {
    for (EmbeddingDtype t : EmbeddingDtype.values()) {
      if (t.label().equals(label)) return t;
    }
    throw new ParameterException(spec.commandLine(), "--dtype: expected float32, float16 or int8, found '" + label + "'");
  }

  private static void print(PrintWriter out, TrainRunResult r) {
    TrainEval e = r.eval();
    out.printf("%-22s v%06d at %s%n", "published bundle", r.bundle().version(), r.directory());
    out.printf("%-22s %s, %,d rows x %d %s (%,d f-grams, model vocabulary %,d)%n", "model",
        r.bundle().modelVersion(), r.bundle().rows(), r.bundle().dim(), r.bundle().dtype(), e.fgrams(),
        e.modelVocabSize());
    out.printf("%-22s %d (%s), %,d tokens, %,.0f tokens/s, final train loss %.4f%n", "steps", e.steps(),
        e.stopReason(), e.trainedTokens(), e.tokensPerSecond(), e.finalTrainLoss());
    out.printf("%-22s %.3f (the whole split: %,d tokens, window %d, %,d unknown; the log's are sampled)%n",
        "validation perplexity",
        e.validationPerplexity(), e.validationTargets(), e.window(), e.validationUnknownTokens());
  }
}
