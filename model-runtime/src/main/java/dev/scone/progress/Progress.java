package dev.scone.progress;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work on stderr (stdout keeps only results: tables, JSON): done of total in a
 * unit, the rate, the ETA and a caller's note (loss, tokens/s). On a terminal it is an ASCII bar
 * redrawn in place; anywhere else a plain line every {@value #LINE_SECONDS} s and one with the final
 * state, with no carriage returns or colour; {@code SCONE_PROGRESS=bars|lines|off} overrides the
 * choice. Every progress display of the project goes through here. Stepping is thread-safe and
 * cheap (a synchronized add); the display is drawn from the library's own thread.
 */
public final class Progress implements AutoCloseable {
  static final int LINE_SECONDS = 5;
  private static final int BAR_REDRAW_MILLIS = 500;
  // Lines are rendered each second and passed on every LINE_SECONDS, so one lands within a second
  // of each interval's end instead of up to a whole interval late.
  private static final int LINE_RENDER_MILLIS = 1000;

  private final ProgressBar bar; // null when nothing is shown

  Progress(ProgressBar bar) {
    this.bar = bar;
  }

  /** Starts showing {@code task} at 0 of {@code total} {@code unit} (a plural noun: "steps"). */
  public static Progress start(String task, long total, String unit) {
    return resume(task, total, unit, 0, Duration.ZERO);
  }

  /** Starts showing a resumed task: {@code done} already, after {@code spent} (shown in the elapsed time). */
  public static Progress resume(String task, long total, String unit, long done, Duration spent) {
    ProgressBarBuilder builder = builder(task, total, unit, done, spent);
    return switch (ProgressMode.fromEnvironment()) {
      case BARS -> new Progress(asBar(builder, System.err).build());
      case LINES -> new Progress(asLines(builder, unit, new ThrottledLines(
          System.err::println, Duration.ofSeconds(LINE_SECONDS), System::nanoTime)).build());
      case OFF -> none();
    };
  }

  /** Shows nothing; every call does nothing. For callers asked not to show progress. */
  public static Progress none() {
    return new Progress(null);
  }

  static ProgressBarBuilder builder(String task, long total, String unit, long done, Duration spent) {
    return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" " + unit, 1).showSpeed()
        .startsFrom(done, spent);
  }

  /** The one bar style, drawn on {@code err} (not the library's default, which bypasses System.setErr). */
  static ProgressBarBuilder asBar(ProgressBarBuilder builder, PrintStream err) {
    return builder.setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(BAR_REDRAW_MILLIS)
        .setConsumer(new ConsoleProgressBarConsumer(err));
  }

  static ProgressBarBuilder asLines(ProgressBarBuilder builder, String unit, ThrottledLines out) {
    return builder.setRenderer(new PlainProgressLine(unit)).setUpdateIntervalMillis(LINE_RENDER_MILLIS)
        .setConsumer(out);
  }

  public void step() {
    stepBy(1);
  }

  public void stepBy(long n) {
    if (bar != null) bar.stepBy(n);
  }

  public void stepTo(long done) {
    if (bar != null) bar.stepTo(done);
  }

  /** Shown after the rate until replaced, e.g. {@code "loss 3.214, 2,650 tok/s"}. */
  public void note(String message) {
    if (bar != null) bar.setExtraMessage(" " + message); // the bar runs the rate and the note together
  }

  /** Shows the final state and stops the display. */
  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}
