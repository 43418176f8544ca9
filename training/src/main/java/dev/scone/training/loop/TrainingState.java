package dev.scone.training.loop;

import java.util.ArrayList;
import java.util.List;

/**
 * The mutable progress of a run: what a checkpoint records besides tensors, and what the report
 * is made from. Not thread-safe; owned by one {@link TrainingLoop}.
 */
final class TrainingState {

  private static final int FINAL_LOSS_WINDOW = 10;

  int step;
  long tokens;
  double seconds;
  double trainSeconds;
  int skippedSteps;
  int consecutiveSkipped;
  final List<Double> losses = new ArrayList<>();
  final List<ValidationPoint> validations = new ArrayList<>();

  void record(StepResult result, long tokensPerStep, double stepSeconds) {
    step++;
    tokens += tokensPerStep;
    trainSeconds += stepSeconds;
    losses.add(result.loss());
    if (result.applied()) {
      consecutiveSkipped = 0;
    } else {
      skippedSteps++;
      consecutiveSkipped++;
    }
  }

  double bestValidationNll() {
    double best = Double.POSITIVE_INFINITY;
    for (ValidationPoint p : validations) best = Math.min(best, p.meanNll());
    return best;
  }

  ValidationPoint lastValidation() {
    return validations.isEmpty() ? null : validations.get(validations.size() - 1);
  }

  double finalTrainLoss() {
    double sum = 0;
    int n = 0;
    for (int i = losses.size() - 1; i >= 0 && n < FINAL_LOSS_WINDOW; i--) {
      if (Double.isFinite(losses.get(i))) {
        sum += losses.get(i);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  TrainingReport report(StopReason reason) {
    double best = validations.isEmpty() ? Double.NaN : Math.exp(bestValidationNll());
    double last = validations.isEmpty() ? Double.NaN : lastValidation().perplexity();
    return new TrainingReport(step, tokens, seconds, trainSeconds, finalTrainLoss(), best, last,
        losses, validations, skippedSteps, reason);
  }
}
