package dev.scone.training.refresh;

import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.bundle.BundleManifest;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.bundle.BundleRequest;
import dev.scone.training.bundle.PrecomputeOptions;
import dev.scone.training.data.ModelVocabulary;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.data.TokenStream;
import dev.scone.training.loop.StopReason;
import dev.scone.training.loop.TrainingConfig;
import dev.scone.training.loop.TrainingLoop;
import dev.scone.training.loop.TrainingReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrain path, warm-started: the current bundle's main and f-gram model, loaded from its
 * parameter files, trained further on recent text with the new f-gram vocabulary's match
 * pattern, then published through the {@link GatedPublisher} under a new model version. The
 * optimizer starts fresh (no moments from the earlier run, whose rows and schedule belong to
 * another run) and the schedule warms up again from a small rate; the model vocabulary stays the
 * bundle's, so tokens it never kept stay UNK.
 *
 * <p>A run that stops unhealthy (too many non-finite steps, or divergence) is retried once, from
 * the bundle's weights again, at half the peak learning rate and with another sampling seed
 * ({@link #retryOf}); when the retry fails too, the outcome is a training failure with both
 * reasons, which never reaches the gate. Not thread-safe; one training per process at a time (the
 * training loop's rule).
 */
public final class WarmStartRetrain {
  private static final Logger LOG = LoggerFactory.getLogger(WarmStartRetrain.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private WarmStartRetrain() {}

  /** What the retrain did before the gate judged it (the candidate's eval in the manifest). */
  public record RetrainEval(long warmStartVersion, String warmStartModel, int steps, long trainedTokens,
      double finalTrainLoss, String stopReason, long recentTokens, int attempts, int frozenLayers,
      double trainSeconds) {}

  /**
   * Trains from {@code current}'s parameters on {@code recent} and publishes the result if it
   * passes the gate; a run that failed twice is not published and not judged
   * ({@link GatedPublisher.Outcome#failedToTrain}).
   */
  public static GatedPublisher.Outcome run(ModelBundle current, FgramVocabulary vocabulary, String vocabSourceSha256,
      TokenCorpus recent, TrainingConfig training, GatedPublisher publisher) throws IOException {
    return run(current, vocabulary, vocabSourceSha256, recent, training, publisher, 0);
  }

  /**
   * As {@link #run(ModelBundle, FgramVocabulary, String, TokenCorpus, TrainingConfig, GatedPublisher)},
   * training only the blocks from {@code frozenLayers} up (and the final LayerNorm): the input side
   * (token and position embeddings, the f-gram model, so the table rows) and blocks [0,
   * frozenLayers) keep the bundle's values bit for bit, and the manifest records them ({@code
   * "frozen"}), so {@code rescore} can finish stored layer-k activations with the new upper blocks.
   * Note the token embedding is also the tied output head: it stays frozen too.
   *
   * @param frozenLayers k in [0, layers]; 0 trains everything
   */
  public static GatedPublisher.Outcome run(ModelBundle current, FgramVocabulary vocabulary, String vocabSourceSha256,
      TokenCorpus recent, TrainingConfig training, GatedPublisher publisher, int frozenLayers) throws IOException {
    VocabularyRefresh.requireFits(current, vocabulary);
    int layers = current.config().layers();
    if (frozenLayers < 0 || frozenLayers > layers) {
      throw new IllegalArgumentException("frozen layers must be in [0, " + layers + "] for a model of " + layers
          + " layers, got " + frozenLayers);
    }
    BundleManifest m = current.manifest();
    ModelVocabulary ids = BundleTokenVocabulary.of(m.tokenizer(), current.tokenIds());
    TokenStream stream = TokenStream.scone(recent, ids, vocabulary);
    TrainingConfig first = fitContext(training, current.config().contextLength());
    List<String> failures = new ArrayList<>();
    for (TrainingConfig attempt : List.of(first, retryOf(first))) {
      try (LanguageModel model = current.loadModel(Devices.preferred(), true)) {
        if (frozenLayers > 0) model.freezeLower(frozenLayers);
        TrainingReport report;
        try (TrainingLoop loop = new TrainingLoop(model, attempt, stream, null)) {
          report = loop.run();
        }
        LOG.info("warm-start retrain from version {} (attempt {}, {} lower layers frozen): {}", m.version(),
            failures.size() + 1, frozenLayers, report);
        if (failed(report)) {
          failures.add(String.format(Locale.ROOT, "%s after %d steps at peak learning rate %.3g",
              report.stopReason(), report.steps(), attempt.learningRate()));
          LOG.warn("retrain from version {} failed to train: {}{}", m.version(), failures.get(failures.size() - 1),
              failures.size() == 1 ? "; retrying once at half the learning rate with another sampling seed" : "");
          continue;
        }
        RetrainEval eval = new RetrainEval(m.version(), m.modelVersion(), report.steps(), report.tokens(),
            report.finalTrainLoss(), report.stopReason().name(), recent.size(), failures.size() + 1, frozenLayers,
            report.trainSeconds());
        BundleRequest request = new BundleRequest(model, current.tokenIds(), retrainedVersion(m.modelVersion()),
            vocabulary, vocabSourceSha256, m.embeddingDtype(), m.trainingConfig(), null, PrecomputeOptions.defaults(),
            frozenLayers);
        return publisher.publish(current, request, "retrain", eval);
      }
    }
    return GatedPublisher.Outcome.trainingFailed("training failed twice (" + String.join("; then ", failures)
        + "); nothing was published");
  }

  /** Training that ended in NaN/inf or divergence: its parameters are no candidate. */
  static boolean failed(TrainingReport report) {
    return report.stopReason() == StopReason.NON_FINITE || report.stopReason() == StopReason.DIVERGED;
  }

  /** The second attempt: half the peak (and floor) learning rate, the same warm-up, the next sampling seed. */
  static TrainingConfig retryOf(TrainingConfig t) {
    return t.withLearningRate(t.learningRate() / 2, t.minLearningRate() / 2, t.warmupSteps()).withSeed(t.seed() + 1);
  }

  /** {@code training} with its window shortened to the model's context where it is longer. */
  static TrainingConfig fitContext(TrainingConfig t, int context) {
    if (t.seqLen() <= context) return t;
    LOG.info("warm-start window {} is longer than the model's context; training with windows of {}", t.seqLen(),
        context);
    return t.withBatch(t.batchSize(), context);
  }

  /** {@code <base>-ws<UTC time>}, the base without an earlier warm-start suffix. */
  static String retrainedVersion(String modelVersion) {
    String base = modelVersion.replaceAll("-ws\\d{8}T\\d{6}Z$", "");
    return base + "-ws" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
  }
}
