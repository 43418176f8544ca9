package dev.scone.training.loop;

import dev.scone.progress.Progress;
import java.time.Duration;

/**
 * The progress of a run on stderr ({@link Progress}): step of total, ETA, and as its note the
 * latest loss, training tokens/s and validation perplexity. A resumed run starts at its step with
 * the time already spent, so the ETA stays right. Disabled, every call does nothing.
 */
final class ProgressDisplay implements AutoCloseable {

  private final Progress progress;

  private ProgressDisplay(Progress progress) {
    this.progress = progress;
  }

  static ProgressDisplay of(boolean enabled, int totalSteps, TrainingState state) {
    if (!enabled) return new ProgressDisplay(Progress.none());
    return new ProgressDisplay(Progress.resume("train", totalSteps, "steps", state.step,
        Duration.ofMillis((long) (state.seconds * 1000))));
  }

  void update(TrainingState state, double loss) {
    double tokensPerSecond = state.trainSeconds > 0 ? state.tokens / state.trainSeconds : 0;
    ValidationPoint last = state.lastValidation();
    String validation = last == null ? "" : String.format(", sampled val ppl %.2f", last.perplexity());
    progress.stepTo(state.step);
    progress.note(String.format("loss %.3f, %,.0f tok/s%s", loss, tokensPerSecond, validation));
  }

  @Override
  public void close() {
    progress.close();
  }
}
