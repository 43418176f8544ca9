package dev.scone.model.recycle;

import dev.scone.model.bundle.BundleManifest;
import dev.scone.model.bundle.FrozenPart;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.infer.ModelHandle;
import dev.scone.model.infer.Score;
import dev.scone.model.infer.SplitScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-scoring that never computes the same thing twice: a document this bundle scored before gets
 * its stored score back; one whose layer-k activations a bundle with the same {@link FrozenPart}
 * stored runs only blocks [k, L); the rest run whole, and their activations and scores are stored
 * for the next run. Results equal {@code Scorer.scoreAll}'s up to float rounding.
 *
 * <p>Not thread-safe: one per {@link ModelHandle} and thread.
 */
public final class RecyclingScorer {
  private static final Logger LOG = LoggerFactory.getLogger(RecyclingScorer.class);

  /**
   * One call's scores, in document order, and how each was obtained.
   *
   * @param reused scores this bundle computed in an earlier run
   * @param recycled documents that ran only the upper blocks, on stored activations
   * @param computed documents that ran every block
   */
  public record Outcome(List<Score> scores, int reused, int recycled, int computed) {}

  private final SplitScorer split;
  private final RecycleStore store;
  private final RecycleScope scope;

  public RecyclingScorer(SplitScorer split, RecycleStore store, RecycleScope scope) {
    if (split.stride() != scope.stride()) {
      throw new IllegalArgumentException("the scorer's stride " + split.stride() + " is not the scope's " + scope.stride());
    }
    this.split = split;
    this.store = store;
    this.scope = scope;
  }

  /**
   * A recycling scorer for {@code bundle} served by {@code handle} (default stride and batch cap),
   * split at {@link #layerOf}; computes the lower part's fingerprint from the loaded weights and
   * the table, so a manifest cannot claim a match that the weights do not have.
   */
  public static RecyclingScorer open(ModelBundle bundle, ModelHandle handle, RecycleStore store, Integer layer) {
    int k = layerOf(bundle.manifest(), handle.model().config().layers(), layer);
    FrozenPart part = FrozenPart.of(bundle, handle.model(), k);
    FrozenPart recorded = bundle.manifest().frozen();
    if (recorded != null && recorded.layers() == k && !recorded.sha256().equals(part.sha256())) {
      LOG.warn("bundle v{} records frozen part {} but its weights and table give {}; keying by the computed one",
          bundle.manifest().version(), recorded.sha256(), part.sha256());
    }
    SplitScorer split = new SplitScorer(handle, k);
    RecycleScope scope = new RecycleScope(bundle.manifestSha256(), part, handle.model().config().dModel(),
        handle.contextLength(), split.stride());
    return new RecyclingScorer(split, store, scope);
  }

  /**
   * The split layer: {@code requested} when given, else the frozen layers the manifest records,
   * else half the layers (what a retrain that freezes the lower half will share).
   */
  public static int layerOf(BundleManifest manifest, int layers, Integer requested) {
    if (requested != null) {
      if (requested < 0 || requested > layers) {
        throw new IllegalArgumentException("recycle layer must be in [0, " + layers + "], got " + requested);
      }
      return requested;
    }
    if (manifest.frozen() != null) return Math.min(manifest.frozen().layers(), layers);
    return layers / 2;
  }

  public RecycleScope scope() {
    return scope;
  }

  /** Scores {@code documents} (tokenizer ids), reusing and storing as the class describes. */
  public Outcome scoreAll(List<int[]> documents) {
    int n = documents.size();
    Score[] scores = new Score[n];
    String[] shas = new String[n];
    List<Integer> pending = new ArrayList<>();
    List<int[]> pendingDocs = new ArrayList<>();
    List<float[]> stored = new ArrayList<>();
    int reused = 0;
    int recycled = 0;
    for (int d = 0; d < n; d++) {
      int[] doc = documents.get(d);
      shas[d] = RecycleStore.documentSha256(doc);
      Optional<double[]> previous = store.logprobs(scope, shas[d], doc.length);
      if (previous.isPresent()) {
        scores[d] = SplitScorer.scoreOf(doc.length, previous.get());
        reused++;
        continue;
      }
      float[] activations = store.activations(scope, shas[d], doc.length, split.activationFloats(doc.length))
          .orElse(null);
      if (activations != null) recycled++;
      pending.add(d);
      pendingDocs.add(doc);
      stored.add(activations);
    }
    List<SplitScorer.Result> results = pendingDocs.isEmpty() ? List.of() : split.scoreAll(pendingDocs, stored);
    for (int i = 0; i < pending.size(); i++) {
      int d = pending.get(i);
      SplitScorer.Result r = results.get(i);
      scores[d] = r.score();
      int tokens = documents.get(d).length;
      if (!r.recycled()) store.saveActivations(scope, shas[d], tokens, r.activations());
      store.saveLogprobs(scope, shas[d], tokens, r.score().tokenLogprobs());
    }
    return new Outcome(List.of(scores), reused, recycled, pending.size() - recycled);
  }
}
