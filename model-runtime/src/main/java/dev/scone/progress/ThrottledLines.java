package dev.scone.progress;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * Passes on the first rendered line, then at most one per interval, and on close the last one if
 * it was held back, so a log gets the start, a line every few seconds and the final state. The
 * library's {@code DelegatingProgressBarConsumer} passes on every line and ignores close, which
 * would lose the final state behind the throttle.
 */
final class ThrottledLines implements ProgressBarConsumer {
  private final Consumer<String> out;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private long lastPassedNanos;
  private boolean passedAny;
  private String heldBack; // the latest line not passed on, null when none

  ThrottledLines(Consumer<String> out, Duration interval, LongSupplier nanoClock) {
    this.out = out;
    this.intervalNanos = interval.toNanos();
    this.nanoClock = nanoClock;
  }

  @Override
  public synchronized void accept(String line) {
    long now = nanoClock.getAsLong();
    if (passedAny && now - lastPassedNanos < intervalNanos) {
      heldBack = line;
      return;
    }
    out.accept(line);
    lastPassedNanos = now;
    passedAny = true;
    heldBack = null;
  }

  @Override
  public synchronized void close() {
    if (heldBack != null) out.accept(heldBack);
    heldBack = null;
  }

  /** The plain renderer ignores the width: a line in a log may be as long as it needs. */
  @Override
  public int getMaxRenderedLength() {
    return Integer.MAX_VALUE;
  }
}
