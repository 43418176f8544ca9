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
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retrain path, warm-started: the current bundle's main and f-gram model, loaded from its
 * parameter files, trained further on recent text with the new f-gram vocabulary's match
 * pattern (fresh optimizer state; the model vocabulary stays the bundle's, so tokens it never
 * kept stay UNK), then published through the {@link GatedPublisher} under a new model version.
 * Not thread-safe; one training per process at a time (the training loop's rule).
 */
public final class WarmStartRetrain {
  private static final Logger LOG = LoggerFactory.getLogger(WarmStartRetrain.class);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private WarmStartRetrain() {}

  /** What the retrain did before the gate judged it (the candidate's eval in the manifest). */
  public record RetrainEval(long warmStartVersion, String warmStartModel, int steps, long trainedTokens,
      double finalTrainLoss, String stopReason, long recentTokens) {}

  /**
   * Trains from {@code current}'s parameters on {@code recent} and publishes the result if it
   * passes the gate. A run that ended in NaN/inf is not published (the outcome says rejected).
   */
  public static GatedPublisher.Outcome run(ModelBundle current, FgramVocabulary vocabulary, String vocabSourceSha256,
      TokenCorpus recent, TrainingConfig training, GatedPublisher publisher) throws IOException {
    VocabularyRefresh.requireFits(current, vocabulary);
    BundleManifest m = current.manifest();
    ModelVocabulary ids = BundleTokenVocabulary.of(m.tokenizer(), current.tokenIds());
    TokenStream stream = TokenStream.scone(recent, ids, vocabulary);
    try (LanguageModel model = current.loadModel(Devices.preferred(), true)) {
      TrainingReport report;
      try (TrainingLoop loop = new TrainingLoop(model, fitContext(training, model.config().contextLength()), stream,
          null)) {
        report = loop.run();
      }
      LOG.info("warm-start retrain from version {}: {}", m.version(), report);
      RetrainEval eval = new RetrainEval(m.version(), m.modelVersion(), report.steps(), report.tokens(),
          report.finalTrainLoss(), report.stopReason().name(), recent.size());
      if (report.stopReason() == StopReason.NON_FINITE) {
        GateDecision broke = new GateDecision("retrain", false, Double.NaN, Double.NaN, 0,
            publisher.gate().minRelativeGain(), "training broke (" + report + "); nothing was published");
        LOG.warn("retrain from version {} rejected: {}", m.version(), broke.reason());
        return new GatedPublisher.Outcome(broke, java.util.Optional.empty());
      }
      BundleRequest request = new BundleRequest(model, current.tokenIds(), retrainedVersion(m.modelVersion()),
          vocabulary, vocabSourceSha256, m.embeddingDtype(), m.trainingConfig(), null, PrecomputeOptions.defaults());
      return publisher.publish(current, request, "retrain", eval);
    }
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
