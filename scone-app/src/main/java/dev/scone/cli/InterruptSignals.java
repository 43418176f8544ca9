package dev.scone.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns the first SIGINT (Ctrl-C) or SIGTERM into a stop request that a long command polls at
 * safe points, instead of the JVM's default: {@code System.exit} on a signal thread while the main
 * thread may be inside PyTorch, where libtorch's static destructors race the running op (a SIGSEGV
 * in {@code at::accelerator::getAccelerator} during backward, 1 Ctrl-C in 9, hs_err file left).
 *
 * <p>A second signal ends the process at once, for a user who will not wait: the first puts the
 * signals' default action back, so the kernel ends the process on the next one (status 130 for
 * SIGINT, 143 for SIGTERM) without running exit handlers or native destructors, and so without
 * that race. A checkpoint being written then is lost; the ones before it stay whole.
 *
 * <p>Use it in try-with-resources around the work: {@link #close} restores the handlers it
 * replaced. One at a time per process (signal handlers are process-wide). Built on
 * {@code sun.misc.Signal} (module jdk.unsupported, no flags needed), the JDK's only signal API;
 * javac's "internal proprietary API" warning about it cannot be suppressed.
 */
final class InterruptSignals implements AutoCloseable {

  /** The exit code of a command that stopped on request: 128 + SIGINT, what shells use for Ctrl-C. */
  static final int EXIT_CODE = CliConventions.INTERRUPTED;

  private static final String[] NAMES = {"INT", "TERM"};

  private final String command;
  private final PrintWriter err;
  private final AtomicBoolean requested = new AtomicBoolean();
  private final Map<Signal, SignalHandler> replaced = new LinkedHashMap<>();

  private InterruptSignals(String command, PrintWriter err) {
    this.command = command;
    this.err = err;
  }

  /** Handles SIGINT and SIGTERM from now until {@link #close}; {@code command} prefixes the messages on {@code err}. */
  static InterruptSignals install(String command, PrintWriter err) {
    InterruptSignals signals = new InterruptSignals(command, err);
    for (String name : NAMES) {
      Signal signal = new Signal(name);
      try {
        signals.replaced.put(signal, Signal.handle(signal, signals::handle));
      } catch (IllegalArgumentException e) {
        // -Xrs: Java may not handle this signal, which keeps its default action.
      }
    }
    return signals;
  }

  /** Whether a signal asked to stop; safe to poll from any thread. */
  boolean stopRequested() {
    return requested.get();
  }

  /** Runs on a thread the JVM starts for each signal. */
  private void handle(Signal signal) {
    if (!requested.compareAndSet(false, true)) return; // a second one before the default was back
    replaced.keySet().forEach(s -> Signal.handle(s, SignalHandler.SIG_DFL));
    err.printf("%s: SIG%s: stopping at the next step to write a checkpoint; a second Ctrl-C or SIGTERM stops at"
        + " once, without one%n", command, signal.getName());
    err.flush();
  }

  @Override
  public void close() {
    replaced.forEach(Signal::handle);
  }
}
