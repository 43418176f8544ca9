package dev.scone.training.run;

import dev.scone.model.bundle.BundleRef;
import dev.scone.training.loop.TrainingReport;
import java.nio.file.Path;

/**
 * The outcome of a {@link TrainRun}: the published bundle (announce {@code bundle} on
 * scone.tables), where it lies, the training report and the evaluation in its manifest.
 *
 * @param bundle the published bundle's announcement
 * @param directory the bundle's directory in the store
 * @param training the training loop's report (loss curve, validations, throughput)
 * @param eval the measurements written into the manifest
 */
public record TrainRunResult(BundleRef bundle, Path directory, TrainingReport training, TrainEval eval) {

  /** Validation perplexity of the published model, as measured after training. */
  public double validationPerplexity() {
    return eval.validationPerplexity();
  }
}
