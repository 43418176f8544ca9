package dev.scone.training.train;

import java.util.List;

/**
 * The outcome of a training run (over all its resumed segments).
 *
 * @param steps steps completed, skipped ones included
 * @param tokens target tokens trained on (steps · B · T)
 * @param seconds wall time of the whole run, validation and checkpoints included
 * @param trainSeconds wall time spent in training steps only
 * @param finalTrainLoss mean of the last (up to) 10 finite step losses, nats; NaN if none
 * @param bestValidationPerplexity NaN when there was no validation
 * @param lastValidationPerplexity NaN when there was no validation
 * @param losses every step's training loss in order (NaN or inf where a step was skipped)
 * @param validations every validation measurement, in order
 * @param skippedSteps steps skipped by the NaN/inf guard
 * @param stopReason why the run returned
 */
public record TrainingReport(int steps, long tokens, double seconds, double trainSeconds,
    double finalTrainLoss, double bestValidationPerplexity, double lastValidationPerplexity,
    List<Double> losses, List<ValidationPoint> validations, int skippedSteps,
    StopReason stopReason) {

  public TrainingReport {
    losses = List.copyOf(losses);
    validations = List.copyOf(validations);
  }

  /** Training throughput: target tokens per second of training-step time. */
  public double tokensPerSecond() {
    return trainSeconds > 0 ? tokens / trainSeconds : Double.NaN;
  }
}
