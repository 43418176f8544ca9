package dev.scone.trainer;

import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.corpus.TextDirectory;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.fgrams.VocabularyStore;
import dev.scone.training.refresh.FgramDrift;
import dev.scone.training.refresh.GatedPublisher;
import dev.scone.training.refresh.VocabularyRefresh;
import dev.scone.training.refresh.WarmStartRetrain;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the trainer does for one verified vocabulary: refresh the current bundle (the newest in
 * the store: rejected candidates never enter it), then warm-start retrain when the policy says
 * so, from the refreshed bundle if it was accepted. Returns what to announce; announcing is the
 * service's. Not thread-safe (the service's one thread).
 */
final class VersionWork {
  private static final Logger LOG = LoggerFactory.getLogger(VersionWork.class);

  /** Which counter the record moves, the bundles to announce, gate rejections, and the state to save (or null). */
  record Result(Outcome outcome, List<BundleRef> announce, int rejected, TrainerState newState) {
    static Result of(Outcome outcome) {
      return new Result(outcome, List.of(), 0, null);
    }
  }

  enum Outcome { HANDLED, BAD, SKIPPED, FAILED }

  private final TrainerConfig config;
  private final BundleStore store;
  private final GatedPublisher publisher;
  private final RetrainPolicy policy;
  private final DecisionLog decisions;

  VersionWork(TrainerConfig config, BundleStore store, GatedPublisher publisher, RetrainPolicy policy) {
    this.config = config;
    this.store = store;
    this.publisher = publisher;
    this.policy = policy;
    this.decisions = new DecisionLog(config.store());
  }

  /** The newest bundle, when it was built for {@code vocabVersion} (published, then the process stopped). */
  Optional<BundleRef> publishedFor(long vocabVersion) throws IOException {
    return store.latest().filter(ref -> ref.vocabVersion() == vocabVersion);
  }

  Result act(VocabularyFile.Contents vocab, TrainerState state) throws IOException, BadAnnouncement {
    FgramVocabulary v = vocab.vocabulary();
    long version = v.meta().version();
    Optional<BundleRef> latest = store.latest();
    if (latest.isEmpty()) {
      throw new IOException("no bundle in " + store + " to refresh with vocabulary " + version + "; train one first");
    }
    if (latest.get().vocabVersion() > version) {
      LOG.info("vocabulary {} is older than bundle {}'s vocabulary {}; skipped", version, latest.get().version(),
          latest.get().vocabVersion());
      return new Result(Outcome.SKIPPED, List.of(), 0, state.handled(version, false, Instant.now()));
    }
    List<BundleRef> announce = new ArrayList<>();
    int rejected = 0;
    boolean retrained = false;
    try (ModelBundle current = store.open(latest.get().version())) {
      try {
        VocabularyRefresh.requireFits(current, v);
      } catch (IllegalArgumentException e) {
        throw new BadAnnouncement(e.getMessage(), e);
      }
      double share = FgramDrift.newShare(current.vocabulary(), v);
      LOG.info("vocabulary {}: {} f-grams, {}% new to bundle {}", version, v.size(), Math.round(1000 * share) / 10.0,
          current.manifest().version());
      GatedPublisher.Outcome refresh = VocabularyRefresh.run(current, v, vocab.sourceSha256(), publisher);
      decisions.append(version, refresh);
      refresh.published().ifPresent(announce::add);
      if (refresh.published().isEmpty()) rejected++;
      Optional<String> why = config.retrains()
          ? policy.reason(state, Instant.now(), share, refresh.published().isEmpty())
          : Optional.empty();
      if (why.isPresent()) {
        retrained = true;
        GatedPublisher.Outcome r = retrain(refresh.published().orElse(latest.get()), v, vocab.sourceSha256(), why.get());
        r.published().ifPresent(announce::add);
        if (r.published().isEmpty() && !r.failedToTrain()) rejected++;
      }
    }
    return new Result(Outcome.HANDLED, announce, rejected, state.handled(version, retrained, Instant.now()));
  }

  /** A retrain on the interval, with the newest handled vocabulary, from the newest bundle. */
  Result scheduledRetrain(TrainerState state) throws IOException {
    Optional<BundleRef> latest = store.latest();
    if (latest.isEmpty()) return new Result(Outcome.SKIPPED, List.of(), 0, state.handled(0, true, Instant.now()));
    VocabularyFile.Contents vocab = VocabularyFile.read(new VocabularyStore(config.store()).fileOf(
        Math.max(state.lastVocabVersion(), latest.get().vocabVersion())));
    GatedPublisher.Outcome r = retrain(latest.get(), vocab.vocabulary(), vocab.sourceSha256(),
        "interval " + config.retrainInterval() + " since " + state.lastRetrainAt());
    return new Result(Outcome.HANDLED, r.published().stream().toList(),
        r.published().isEmpty() && !r.failedToTrain() ? 1 : 0, state.handled(state.lastVocabVersion(), true, Instant.now()));
  }

  /**
   * A warm-start retrain, recorded in the decision log. One that failed to train (after
   * WarmStartRetrain's one retry) counts as this trigger's retrain all the same: the trainer backs
   * off until the policy's next trigger rather than retrying the same text at once.
   */
  private GatedPublisher.Outcome retrain(BundleRef from, FgramVocabulary vocab, String sourceSha, String why)
      throws IOException {
    LOG.info("warm-start retrain from bundle {} with vocabulary {}: {}", from.version(), vocab.meta().version(), why);
    try (ModelBundle base = store.open(from.version())) {
      TokenCorpus recent = TokenCorpus.tokenize(TextDirectory.load("recent", config.recentText()).documents(),
          Tokenizers.byName(base.manifest().tokenizer()));
      int frozen = Math.min(config.frozenLayers(), base.config().layers());
      GatedPublisher.Outcome o = WarmStartRetrain.run(base, vocab, sourceSha, recent, config.retraining(), publisher,
          frozen);
      decisions.append(vocab.meta().version(), o);
      return o;
    }
  }
}
