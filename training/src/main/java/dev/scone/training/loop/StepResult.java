package dev.scone.training.loop;

/**
 * What one optimizer step did.
 *
 * @param loss the batch's mean cross-entropy in nats (NaN or inf when the forward pass was)
 * @param gradientNorm the global gradient norm before clipping (NaN when not computed)
 * @param applied false when the step was skipped because the loss or the gradients were not
 *     finite; the parameters and the optimizer's moments are then unchanged
 */
public record StepResult(double loss, double gradientNorm, boolean applied) {}
