package dev.scone.training.refresh;

import dev.scone.fgram.files.FileTrees;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.bundle.BundlePublisher;
import dev.scone.training.bundle.BundleRequest;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.eval.PerplexityResult;
import dev.scone.training.eval.TablePerplexity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a candidate bundle into the store only if it passes the {@link QualityGate} against
 * the current bundle. Both are scored on the held-out text through the served path ({@link
 * TablePerplexity}: table rows gathered, main model, windows of the model's context), so what is
 * judged is what would be served. The candidate is first published into a scratch store beside
 * the real one (the refresh path copies the current table's rows there and computes only new
 * f-grams); a passing candidate is then published into the real store by copying every row from
 * the scratch bundle, with the {@link GateDecision} in its manifest's eval results. A rejected
 * candidate never enters the real store. The scratch store is always deleted.
 *
 * <p>Not thread-safe (one held-out tokenization); one publish at a time per store.
 */
public final class GatedPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(GatedPublisher.class);

  private final BundleStore store;
  private final Path scratchParent;
  private final QualityGate gate;
  private final HeldOutText heldOut;
  private final int batchSize;

  /**
   * What a publish attempt decided, and the published announcement when it was accepted; or, for
   * a candidate that failed to train, why (then there is no decision: nothing reached the gate).
   *
   * @param decision the gate's decision, null exactly when {@code trainingFailure} is present
   */
  public record Outcome(GateDecision decision, Optional<BundleRef> published, Optional<String> trainingFailure) {

    public Outcome {
      Objects.requireNonNull(published, "published");
      Objects.requireNonNull(trainingFailure, "trainingFailure");
      if ((decision == null) != trainingFailure.isPresent()) {
        throw new IllegalArgumentException("an outcome has a gate decision or a training failure, not both or neither");
      }
    }

    /** The gate judged the candidate. */
    public Outcome(GateDecision decision, Optional<BundleRef> published) {
      this(Objects.requireNonNull(decision, "decision"), published, Optional.empty());
    }

    /** The candidate never reached the gate: its training failed, for {@code reason}. */
    public static Outcome trainingFailed(String reason) {
      return new Outcome(null, Optional.empty(), Optional.of(reason));
    }

    public boolean failedToTrain() {
      return trainingFailure.isPresent();
    }
  }

  /** The manifest's eval results of a gated bundle: the decision, and the candidate's own eval (or null). */
  public record GatedEval(GateDecision gate, long previousVersion, Object candidate) {}

  /**
   * @param scratchParent where scratch stores are made (a hidden directory in the store's root is fine)
   * @param batchSize windows per forward pass when scoring, >= 1
   */
  public GatedPublisher(BundleStore store, Path scratchParent, QualityGate gate, HeldOutText heldOut, int batchSize) {
    this.store = Objects.requireNonNull(store, "store");
    this.scratchParent = Objects.requireNonNull(scratchParent, "scratchParent");
    this.gate = Objects.requireNonNull(gate, "gate");
    this.heldOut = Objects.requireNonNull(heldOut, "heldOut");
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    this.batchSize = batchSize;
  }

  public QualityGate gate() {
    return gate;
  }

  /**
   * Scores {@code current} and {@code candidate} (whose model is only read), publishes the
   * candidate if it passes, and logs the decision with both numbers.
   *
   * @param path {@code "refresh"} or {@code "retrain"}, recorded in the decision
   * @param candidateEval the candidate's own eval results (e.g. a training report), or null
   */
  public Outcome publish(ModelBundle current, BundleRequest candidate, String path, Object candidateEval)
      throws IOException {
    TokenCorpus tokens = heldOut.tokens(current.manifest().tokenizer());
    PerplexityResult before = score(current, tokens);
    Files.createDirectories(scratchParent);
    Path scratchRoot = Files.createTempDirectory(scratchParent, "gate-");
    try {
      BundleStore scratch = BundleStore.at(scratchRoot);
      boolean sameModel = candidate.modelVersion().equals(current.manifest().modelVersion());
      BundleRef staged = sameModel ? BundlePublisher.to(scratch).publishRefresh(candidate, current) : BundlePublisher.to(scratch).publish(candidate);
      try (ModelBundle stagedBundle = scratch.open(staged.version())) {
        PerplexityResult after = score(stagedBundle, candidate.model(), tokens);
        GateDecision decision = gate.decide(path, before.targets(), before.perplexity(), after.perplexity());
        if (!decision.accepted()) {
          LOG.warn("{} candidate for model {} with vocabulary {} rejected, not published: {}", path,
              candidate.modelVersion(), candidate.vocabulary().meta().version(), decision.reason());
          return new Outcome(decision, Optional.empty());
        }
        BundleRef ref = BundlePublisher.to(store).publishRefresh(
            candidate.withEval(new GatedEval(decision, current.manifest().version(), candidateEval)), stagedBundle);
        LOG.info("{} candidate published as version {}: {}", path, ref.version(), decision.reason());
        return new Outcome(decision, Optional.of(ref));
      }
    } finally {
      FileTrees.delete(scratchRoot);
    }
  }

  /** {@code bundle}'s held-out perplexity with its own main model. */
  public PerplexityResult score(ModelBundle bundle, TokenCorpus tokens) {
    try (LanguageModel model = bundle.loadModel(Devices.preferred(), false)) {
      return score(bundle, model, tokens);
    }
  }

  private PerplexityResult score(ModelBundle bundle, LanguageModel model, TokenCorpus tokens) {
    return new TablePerplexity(bundle, model, batchSize).of(tokens, model.config().contextLength());
  }
}
