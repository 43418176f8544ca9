package dev.scone.demo;

import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.eval.TablePerplexity;
import java.io.IOException;
import java.nio.file.Path;

/** Perplexity of a published bundle on held-out text, by the served path (table rows, no f-gram model). Stateless. */
final class HeldOutPerplexity {
  private static final int BATCH = 8; // windows per forward pass

  private HeldOutPerplexity() {}

  static double of(Path bundleDir, TokenCorpus heldOut) throws IOException {
    try (ModelBundle bundle = ModelBundle.open(bundleDir);
        LanguageModel model = bundle.loadModel(Devices.preferred(), false)) {
      return new TablePerplexity(bundle, model, BATCH).of(heldOut, model.config().contextLength()).perplexity();
    }
  }
}
