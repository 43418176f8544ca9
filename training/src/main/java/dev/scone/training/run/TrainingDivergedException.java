package dev.scone.training.run;

/**
 * A training run ended in non-finite steps or a non-finite validation perplexity, so nothing was
 * published: the config (typically its learning rate) does not train, which a caller trying several
 * configs may record rather than fail on.
 */
public class TrainingDivergedException extends IllegalStateException {

  public TrainingDivergedException(String message) {
    super(message);
  }
}
