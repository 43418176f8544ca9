package dev.scone.training.loop;

import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The console progress bar of a run (on stderr): step of total, ETA, and as its message the
 * latest loss, training tokens/s and validation perplexity. A resumed run starts the bar at its
 * step with the time already spent, so the ETA stays right. Disabled, every call does nothing.
 */
final class ProgressDisplay implements AutoCloseable {

  private final ProgressBar bar; // null when disabled

  private ProgressDisplay(ProgressBar bar) {
    this.bar = bar;
  }

  static ProgressDisplay of(boolean enabled, int totalSteps, TrainingState state) {
    if (!enabled) return new ProgressDisplay(null);
    ProgressBar bar = new ProgressBarBuilder()
        .setTaskName("train")
        .setInitialMax(totalSteps)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setMaxRenderedLength(120)
        .startsFrom(state.step, Duration.ofMillis((long) (state.seconds * 1000)))
        .build();
    return new ProgressDisplay(bar);
  }

  void update(TrainingState state, double loss) {
    if (bar == null) return;
    double tokensPerSecond = state.trainSeconds > 0 ? state.tokens / state.trainSeconds : 0;
    ValidationPoint last = state.lastValidation();
    String validation = last == null ? "" : String.format(" sampled val ppl %.2f", last.perplexity());
    bar.stepTo(state.step);
    bar.setExtraMessage(
        String.format("loss %.3f %,.0f tok/s%s", loss, tokensPerSecond, validation));
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}
