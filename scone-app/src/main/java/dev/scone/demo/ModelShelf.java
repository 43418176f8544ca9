package dev.scone.demo;

import dev.scone.fgram.files.FileTrees;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.run.TrainRun;
import dev.scone.training.run.TrainRunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The demo's two initial models, kept between runs: {@code <dir>/models/<plan>/{baseline,scone}},
 * each a bundle store. A model is trained only when its store holds no bundle for this exact plan
 * and training config (their text is kept beside it), so a second run reuses what the first trained. Not thread-safe.
 */
final class ModelShelf {
  static final String PLAN_FILE = "plan.txt";

  private final Path root;
  private final DemoPlan plan;

  ModelShelf(Path demoDir, DemoPlan plan) {
    this.root = demoDir.resolve("models").resolve(plan.name());
    this.plan = plan;
  }

  /** The store of the baseline ({@code true}) or SCONE model. */
  Path store(boolean baseline) {
    return root.resolve(baseline ? "baseline" : "scone");
  }

  /** The model trained earlier for this plan, if any. */
  Optional<BundleRef> trained(boolean baseline) throws IOException {
    Path planFile = store(baseline).resolve(PLAN_FILE);
    if (!Files.isRegularFile(planFile) || !Files.readString(planFile, StandardCharsets.UTF_8).equals(recipe(baseline))) {
      return Optional.empty();
    }
    return BundleStore.at(store(baseline)).latest();
  }

  /** Trains the model on {@code early} into a fresh store (anything there before is removed). */
  BundleRef train(boolean baseline, Corpus early, Path tokenCache, boolean progress) throws IOException {
    Path store = store(baseline);
    FileTrees.delete(store);
    Files.createDirectories(store);
    TrainRunResult r = TrainRun.cachingTokensIn(tokenCache).showProgress(progress).run(plan.trainRun(baseline, store), early);
    Files.writeString(store.resolve(PLAN_FILE), recipe(baseline), StandardCharsets.UTF_8);
    return r.bundle();
  }

  /**
   * What the model was trained from: the plan and the whole training config, so a change of the
   * trainer's defaults (e.g. the vocabulary or output layer) trains afresh rather than reusing.
   */
  private String recipe(boolean baseline) {
    return plan + "\n" + plan.trainRun(baseline, Path.of("store")) + "\n";
  }
}
