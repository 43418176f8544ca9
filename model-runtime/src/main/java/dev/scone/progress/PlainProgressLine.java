package dev.scone.progress;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * Renders progress as one plain line for a log, e.g. {@code train 37% 148/400 steps in 0:59, 2.5
 * steps/s, ETA 1:35, loss 3.214}: no bar, no carriage return, no colour. The rate and ETA count
 * only this process's work, so a resumed task's ETA is right.
 */
final class PlainProgressLine implements ProgressBarRenderer {
  private final String unit;

  PlainProgressLine(String unit) {
    this.unit = unit;
  }

  @Override
  public String render(ProgressState progress, int maxLength) {
    long current = progress.getCurrent();
    long max = progress.getMax();
    boolean bounded = !progress.isIndefinite() && max > 0;
    StringBuilder line = new StringBuilder(progress.getTaskName()).append(' ');
    if (bounded) line.append(100 * current / max).append("% ").append(count(current)).append('/').append(count(max));
    else line.append(count(current));
    line.append(' ').append(unit).append(" in ").append(clock(progress.getTotalElapsed().toSeconds()));
    double seconds = progress.getElapsedAfterStart().toMillis() / 1000.0;
    long done = current - progress.getStart();
    if (seconds > 0 && done > 0) {
      double perSecond = done / seconds;
      line.append(", ").append(rate(perSecond)).append(' ').append(unit).append("/s");
      if (bounded && current < max) line.append(", ETA ").append(clock(Math.round((max - current) / perSecond)));
    }
    String message = progress.getExtraMessage();
    if (message != null && !message.isBlank()) line.append(", ").append(message.strip());
    return line.toString();
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f" : perSecond >= 1 ? "%.1f" : "%.2f", perSecond);
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
  static String clock(long seconds) {
    long h = seconds / 3600;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
  }
}
