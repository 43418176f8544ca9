package dev.scone.demo;

import java.io.PrintWriter;
import java.util.Locale;

/** Tells the demo's steps in plain words on stdout, each with the time since the start. Not thread-safe. */
final class Narrator {
  private final PrintWriter out;
  private final long startNanos = System.nanoTime();
  private int step;

  Narrator(PrintWriter out) {
    this.out = out;
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
