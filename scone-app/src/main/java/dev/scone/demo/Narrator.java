package dev.scone.demo;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Tells the demo's steps in plain words on stdout, each with the time since the start, and knows
 * whether progress bars are drawn (on stderr) beside them. Not thread-safe.
 */
final class Narrator {
  private final PrintWriter out;
  private final boolean progress;
  private final long startNanos = System.nanoTime();
  private int step;

  Narrator(PrintWriter out, boolean progress) {
    this.out = out;
    this.progress = progress;
  }

  /** Whether the demo's long steps (training, streaming the corpus) draw progress bars. */
  boolean progress() {
    return progress;
  }

  /** A new step: a numbered headline. */
  void step(String format, Object... args) {
    step++;
    line("");
    line(String.format(Locale.ROOT, "[%5.1fs] %d. ", seconds(), step) + String.format(Locale.ROOT, format, args));
  }

  /** A detail of the current step, indented. */
  void say(String format, Object... args) {
    line("          " + String.format(Locale.ROOT, format, args));
  }

  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  PrintWriter out() {
    return out;
  }

  private void line(String s) {
    out.println(s);
    out.flush();
  }
}
