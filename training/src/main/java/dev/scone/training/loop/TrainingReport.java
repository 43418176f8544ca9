package dev.scone.training.loop;

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

  /** A one-line summary (the histories are left out: see {@link #losses()}). */
  @Override
  public String toString() {
    return String.format("TrainingReport[%s after %d steps, %,d tokens in %.1f s (%,.0f tokens/s "
            + "training), final train loss %.4f, sampled validation perplexity best %.3f last %.3f, "
            + "%d skipped]", stopReason, steps, tokens, seconds, tokensPerSecond(), finalTrainLoss,
        bestValidationPerplexity, lastValidationPerplexity, skippedSteps);
  }
}
