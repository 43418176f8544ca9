package dev.scone.training.run;

import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.training.bundle.BundlePublisher;
import dev.scone.training.bundle.BundleRequest;
import dev.scone.training.bundle.PrecomputeOptions;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Split;
import dev.scone.training.data.DocumentDigest;
import dev.scone.training.data.ModelVocabulary;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.data.TokenFiles;
import dev.scone.training.data.TokenStream;
import dev.scone.training.eval.Perplexity;
import dev.scone.training.eval.PerplexityResult;
import dev.scone.training.loop.StopReason;
import dev.scone.training.loop.TrainingConfig;
import dev.scone.training.loop.TrainingLoop;
import dev.scone.training.loop.TrainingReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door from a config to a published bundle, the same for the baseline and SCONE:
 *
 * <pre>
 * TrainRunResult r = TrainRun.withDefaultCache().showProgress(true).run(config);
 * announce(r.bundle());
 * </pre>
 *
 * <p>Steps: tokenize the training and validation splits (cached token files); compact the model
 * vocabulary to the training split's tokens; choose the f-grams ({@link RunFgrams}: none, a given
 * {@code vocab.arrow}, or the training split's top S); match every
 * position once; train with {@link TrainingLoop}; measure validation perplexity
 * ({@link Perplexity#ofStream}, window T); publish the bundle with the config and the
 * {@link TrainEval} in its manifest, right after the f-grams it selected (if any) as the store's next
 * vocabulary version. A run that fails before, its training ended in NaN/inf steps included,
 * publishes nothing ({@link TrainingDivergedException}). With {@link #checkpointTo} an interrupted run resumes where it stopped; with
 * {@link #stopWhen} a run can be asked to stop (Ctrl-C): it checkpoints at the next step boundary
 * and publishes nothing.
 *
 * <p>Not thread-safe, and one run per process at a time (the training loop's rule). Side effects:
 * token files in the cache, a vocabulary version and a bundle version in the store.
 */
public final class TrainRun {

  private static final Logger LOG = LoggerFactory.getLogger(TrainRun.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private final Path tokenCache;
  private boolean showProgress;
  private Path checkpoints; // null: no checkpoints
  private BooleanSupplier stopRequested = () -> false;
  private int validationTargets = Integer.MAX_VALUE;

  private TrainRun(Path tokenCache) {
    this.tokenCache = Objects.requireNonNull(tokenCache, "tokenCache");
  }

  /** A run whose token files are cached in {@link TokenFiles#defaultCache()}. */
  public static TrainRun withDefaultCache() {
    return new TrainRun(TokenFiles.defaultCache());
  }

  /** A run whose token files are cached in {@code dir}. */
  public static TrainRun cachingTokensIn(Path dir) {
    return new TrainRun(dir);
  }

  /** Where token files are cached. */
  public Path tokenCache() {
    return tokenCache;
  }

  /** Whether training and the table precompute draw progress bars on stderr (default false). */
  public TrainRun showProgress(boolean show) {
    this.showProgress = show;
    return this;
  }

  /**
   * Checkpoints go to {@code dir} (every {@code checkpointEvery} steps and at the end), and a run
   * resumes from the newest checkpoint there, if any: the same config on the same data continues
   * where an interrupted run stopped (or, after a finished run, only evaluates and publishes
   * again). Null for no checkpoints (the default).
   */
  public TrainRun checkpointTo(Path dir) {
    this.checkpoints = dir;
    return this;
  }

  /**
   * The post-training validation perplexity in the manifest covers the split's first {@code
   * targets} next tokens instead of all of them (the default). The experiment tunes on a prefix of
   * the validation split through the serving path, so a whole-split pass here would be paid for
   * the manifest alone. The manifest records how many targets were scored.
   */
  public TrainRun validationTargets(int targets) {
    if (targets < 1) throw new IllegalArgumentException("validation targets must be >= 1, got " + targets);
    this.validationTargets = targets;
    return this;
  }

  /** How many validation targets the post-training perplexity covers at most. */
  public int validationTargets() {
    return validationTargets;
  }

  /**
   * Asks the run to stop once {@code stop} says true (polled before every training step, and once
   * more before evaluating and publishing): the result is then {@link TrainRunResult#interrupted()}
   * with the checkpoint to resume from, and nothing is published. See {@link TrainingLoop#stopWhen}.
   */
  public TrainRun stopWhen(BooleanSupplier stop) {
    this.stopRequested = Objects.requireNonNull(stop, "stop");
    return this;
  }

  /** Runs on the catalog corpus {@code config.corpus()}, fetched into the scone cache if needed. */
  public TrainRunResult run(TrainRunConfig config) throws IOException {
    return run(config, Corpora.load(config.corpus()));
  }

  /** Runs on a loaded corpus (its own name labels the token files; the config's labels the bundle). */
  public TrainRunResult run(TrainRunConfig config, Corpus corpus) throws IOException {
    Tokenizer tokenizer = Tokenizers.byName(config.tokenizer());
    TokenCorpus train = TokenFiles.prepare(corpus, Split.TRAIN, tokenizer, tokenCache);
    TokenCorpus validation = TokenFiles.prepare(corpus, Split.VALIDATION, tokenizer, tokenCache);
    ModelVocabulary vocab = ModelVocabulary.fromCounts(train, config.vocabMinCount());
    RunFgrams.Chosen fgrams = RunFgrams.choose(config, train, DocumentDigest.of(corpus.documents(Split.TRAIN)));
    LOG.info("{} training tokens, {} validation tokens; {}; {} f-grams", train.size(), validation.size(), vocab,
        fgrams.vocabulary().size());
    TokenStream trainStream = stream(train, vocab, fgrams.vocabulary(), config);
    TokenStream validationStream = stream(validation, vocab, fgrams.vocabulary(), config);
    String modelVersion = modelVersion(config);
    try (LanguageModel model = LanguageModel.create(config.modelConfig(vocab.size()), Devices.preferred())) {
      Trained trained = train(model, config.training(), trainStream, validationStream);
      TrainingReport report = trained.report();
      if (report.stopReason() == StopReason.INTERRUPTED || stopRequested.getAsBoolean()) {
        LOG.info("{} stopped on request at step {}; nothing was published", modelVersion, report.steps());
        return TrainRunResult.interrupted(report, trained.checkpoint());
      }
      TrainEval eval = evaluate(model, config, report, validationStream, validationTargets, vocab,
          fgrams.vocabulary());
      if (report.stopReason() == StopReason.NON_FINITE || !Double.isFinite(eval.validationPerplexity())) {
        throw new TrainingDivergedException("training of " + modelVersion + " broke (" + report + ", validation"
            + " perplexity " + eval.validationPerplexity() + "); nothing was published");
      }
      BundleStore store = BundleStore.at(config.store());
      FgramVocabulary published = RunFgrams.publish(config, fgrams);
      BundleRef ref = BundlePublisher.to(store).publish(BundleRequest.of(model, vocab, modelVersion, published, config.dtype())
          .withVocabSource(fgrams.sourceSha256())
          .withTrainingConfig(config)
          .withEval(eval)
          .withPrecompute(PrecomputeOptions.defaults().withProgressBar(showProgress)));
      return TrainRunResult.published(ref, store.directory(ref.version()), report, eval);
    }
  }

  private static TokenStream stream(TokenCorpus corpus, ModelVocabulary vocab, FgramVocabulary fgrams,
      TrainRunConfig config) {
    return config.baseline() ? TokenStream.baseline(corpus, vocab) : TokenStream.scone(corpus, vocab, fgrams);
  }

  /** A training's report and the checkpoint holding its end state (null: none). */
  private record Trained(TrainingReport report, Path checkpoint) {}

  private Trained train(LanguageModel model, TrainingConfig config, TokenStream train,
      TokenStream validation) {
    try (TrainingLoop loop = new TrainingLoop(model, config, train, validation).stopWhen(stopRequested)) {
      if (checkpoints != null) loop.checkpointTo(checkpoints).resumeLatest(); // logs what it resumed
      TrainingReport report = loop.showProgress(showProgress).run();
      LOG.info("{}", report);
      return new Trained(report, loop.lastCheckpoint().orElse(null));
    }
  }

  private static TrainEval evaluate(LanguageModel model, TrainRunConfig config, TrainingReport report,
      TokenStream validation, int maxTargets, ModelVocabulary vocab, FgramVocabulary fgrams) {
    TrainingConfig t = config.training();
    PerplexityResult r = Perplexity.ofPrefix(model, validation, t.seqLen(), t.batchSize(), maxTargets);
    return new TrainEval(r.perplexity(), r.meanNll(), r.targets(), validation.unknownTokens(), t.seqLen(),
        report.steps(), report.tokens(), report.tokensPerSecond(), report.finalTrainLoss(),
        report.stopReason().name(), vocab.size(), fgrams.size());
  }

  /** {@code <corpus>-<baseline|scone>-<UTC time>}, e.g. {@code sotu-scone-20261122T140501Z}. */
  static String modelVersion(TrainRunConfig config) {
    return config.corpus() + "-" + (config.baseline() ? "baseline" : "scone") + "-"
        + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
  }
}
