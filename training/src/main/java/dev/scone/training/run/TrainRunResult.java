package dev.scone.training.run;

import dev.scone.model.bundle.BundleRef;
import dev.scone.training.loop.TrainingReport;
import java.nio.file.Path;

/**
 * The outcome of a {@link TrainRun}: either the published bundle (announce {@code bundle} on
 * scone.tables), where it lies, the training report and the evaluation in its manifest; or, for a
 * run stopped on request ({@link TrainRun#stopWhen}), the report and the checkpoint to resume from.
 *
 * @param bundle the published bundle's announcement; null when {@link #interrupted()}
 * @param directory the bundle's directory in the store; null when {@link #interrupted()}
 * @param training the training loop's report (loss curve, validations, throughput)
 * @param eval the measurements written into the manifest; null when {@link #interrupted()}
 * @param checkpoint where a rerun of an interrupted run resumes from; null for a published run, and
 *     when there is none (no checkpoint directory, or stopped before the first step)
 */
public record TrainRunResult(BundleRef bundle, Path directory, TrainingReport training, TrainEval eval,
    Path checkpoint) {

  static TrainRunResult published(BundleRef bundle, Path directory, TrainingReport training, TrainEval eval) {
    return new TrainRunResult(bundle, directory, training, eval, null);
  }

  static TrainRunResult interrupted(TrainingReport training, Path checkpoint) {
    return new TrainRunResult(null, null, training, null, checkpoint);
  }

  /** Whether the run was stopped on request before publishing (then there is no bundle). */
  public boolean interrupted() {
    return bundle == null;
  }

  /** Validation perplexity of the published model, as measured after training. */
  public double validationPerplexity() {
    return eval.validationPerplexity();
  }
}
