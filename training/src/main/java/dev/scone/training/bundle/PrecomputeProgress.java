package dev.scone.training.bundle;

import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;

/**
 * Rows written so far, shown (when asked) as a console progress bar with rows/s and ETA. The bar
 * redraws at most once a second from its own thread, so stepping costs an atomic add.
 */
final class PrecomputeProgress implements AutoCloseable {
  private final ProgressBar bar; // null when no bar is shown

  private PrecomputeProgress(ProgressBar bar) {
    this.bar = bar;
  }

  static PrecomputeProgress start(String task, long rows, boolean show) {
    if (!show) return new PrecomputeProgress(null);
    ProgressBar bar = ProgressBar.builder()
        .setTaskName(task)
        .setInitialMax(rows)
        .setUnit(" rows", 1)
        .showSpeed()
        .setSpeedUnit(ChronoUnit.SECONDS)
        .setUpdateIntervalMillis(1000)
        .build();
    return new PrecomputeProgress(bar);
  }

  void step(long rows) {
    if (bar != null) bar.stepBy(rows);
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}
