package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.chaos.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C and SIGTERM sent to a real {@code scone train} child JVM at random moments of training
 * (forward, backward, the optimizer step, a checkpoint being written), 20 times in a row with the
 * same command: each run stops cleanly (exit 130, the resume line, no JVM crash file) and the next
 * resumes exactly where it stopped, through the default checkpoint directory; a last run finishes,
 * publishes and removes that directory. Before the clean stop, 1 Ctrl-C in 9 crashed the JVM
 * inside libtorch.
 */
class TrainInterruptIT {

  private static final int INTERRUPTS = 20;
  private static final int MAX_DELAY_MS = 1500;
  private static final Duration START = Duration.ofSeconds(90);
  private static final Pattern DIRECTORY = Pattern.compile("checkpoints in (\\S+);");
  private static final Pattern RESUMED = Pattern.compile("resuming from \\S+step-(\\d+)");
  private static final Pattern CHECKPOINT = Pattern.compile("step-(\\d+)");
  // C1 only: short-lived children start in half the time (JIT threads compete for 2 cores); steps run in PyTorch.
  private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1");
  private static final int STEPS_PER_LATER_RUN = 20; // to its first checkpoint and the stop, at most

  @TempDir Path work;

  @Test
  void everyInterruptStopsCleanlyAndTheSameCommandResumesWhereItStopped() throws Exception {
    Path cwd = Files.createDirectories(work.resolve("cwd")); // where a crashing JVM would leave hs_err_pid*.log
    TrainEvalGenerateCommandTest.writeTexts(work.resolve("texts"), 7, 24, 60);
    Random random = new Random(20_240_501);
    int steps = stepsThatOutlastTheInterrupts(cwd);
    int stoppedAt = 0;
    for (int run = 0; run < INTERRUPTS; run++) {
      String signal = run % 4 == 3 ? "TERM" : interruptSignal();
      try (ChildJvm child = start(arguments("chain", steps, 3), "run-" + run, cwd)) {
        Path checkpoints = checkpointDirectory(child);
        awaitCheckpointAfter(child, checkpoints, stoppedAt);
        int delay = random.nextInt(MAX_DELAY_MS + 1);
        // A machine faster than measured must not finish the chain: leave each later run some steps.
        sleepUnlessTrainedTo(checkpoints, delay, steps - (INTERRUPTS - run) * STEPS_PER_LATER_RUN);
        int stop = interrupt(child, signal, steps, cwd);
        System.out.printf("run %d: resumed at %d, SIG%s after %d ms, stopped at %d of %d%n", run, stoppedAt, signal,
            delay, stop, steps);
        assertEquals(stoppedAt, resumedStep(child), "resumed where the previous run stopped; " + child.tail());
        assertTrue(stop > stoppedAt, "trained at least to the checkpoint it waited for; " + child.tail());
        stoppedAt = stop;
      }
    }
    // Checkpoints every 3 steps are for the interrupts to land in; the last run goes faster without them.
    try (ChildJvm last = start(arguments("chain", steps, 0), "last", cwd)) {
      assertEquals(0, last.awaitExit(Duration.ofSeconds(180)), last.tail());
      assertNoCrash(cwd, last);
      assertEquals(stoppedAt, resumedStep(last), last.tail());
      String log = Files.readString(last.log());
      assertTrue(log.contains("published bundle       v000001"), last.tail());
      assertTrue(log.contains("steps                  " + steps + " (COMPLETED)"), last.tail());
    }
    try (Stream<Path> left = Files.list(work.resolve("chain/checkpoints"))) {
      assertEquals(List.of(), left.toList(), "the published run's default checkpoints are removed");
    }
  }

  /**
   * The steps the chain is given: about those its runs train in 20 x 1.5 s at the rate measured
   * here (on a store of its own, itself interrupted), so that the last run has about half left.
   */
  private int stepsThatOutlastTheInterrupts(Path cwd) throws Exception {
    try (ChildJvm child = start(arguments("calibration", 1_000_000, 3), "calibration", cwd)) {
      Path checkpoints = checkpointDirectory(child);
      int first = awaitCheckpointAfter(child, checkpoints, 0);
      long started = System.nanoTime();
      Thread.sleep(MAX_DELAY_MS);
      double stepsPerSecond = (newestCheckpoint(checkpoints) - first) / ((System.nanoTime() - started) / 1e9);
      interrupt(child, interruptSignal(), 1_000_000, cwd);
      int steps = (int) Math.max(2 * INTERRUPTS * STEPS_PER_LATER_RUN, stepsPerSecond * INTERRUPTS * MAX_DELAY_MS / 1000);
      System.out.printf("calibration: %.0f steps/s with checkpoints every 3 steps: %d steps%n", stepsPerSecond, steps);
      return steps;
    }
  }

  private ChildJvm start(List<String> args, String name, Path cwd) throws IOException {
    return ChildJvm.start(args, work.resolve("logs/" + name + ".log"), 512, cwd, JVM_FLAGS);
  }

  /** One command per store: a tiny SCONE model on the generated texts, the store's default checkpoints. */
  private List<String> arguments(String store, int steps, int checkpointEvery) {
    return List.of("train", "--texts", work.resolve("texts").toString(), "--layers", "1", "--d", "32",
        "--heads", "2", "--context", "32", "--max-n", "3", "--batch", "4", "--fgrams", "50", "--fgram-min-count", "2",
        "--vocab-min-count", "1", "--steps", Integer.toString(steps), "--warmup", "10",
        "--checkpoint-every", Integer.toString(checkpointEvery), "--eval-every", "0", "--threads", "1",
        "--no-progress", "--store", work.resolve(store).toString(), "--token-cache", work.resolve("tokens").toString());
  }

  /**
   * Sends {@code signal}, then checks the clean stop: exit 130, no crash, the resume line naming
   * a checkpoint that exists. Returns the step it stopped at.
   */
  private static int interrupt(ChildJvm child, String signal, int steps, Path cwd) throws Exception {
    child.signal(signal);
    int exit = child.awaitExit(Duration.ofSeconds(60));
    String what = "SIG" + signal + ", log " + child.log() + ":\n" + child.tail();
    assertEquals(InterruptSignals.EXIT_CODE, exit, what);
    assertNoCrash(cwd, child);
    Matcher stop = Pattern.compile("scone train: interrupted at step (\\d+) of " + steps
        + "; checkpoint (\\S+); run the same command again to resume").matcher(Files.readString(child.log()));
    assertTrue(stop.find(), "the resume line; " + what);
    assertTrue(Files.isDirectory(Path.of(stop.group(2))), "the checkpoint it names; " + what);
    return Integer.parseInt(stop.group(1));
  }

  /** The checkpoint directory the child names as it starts. */
  private static Path checkpointDirectory(ChildJvm child) throws Exception {
    child.awaitLog("checkpoints in ", START);
    Matcher dir = DIRECTORY.matcher(Files.readString(child.log()));
    assertTrue(dir.find(), child.tail());
    return Path.of(dir.group(1));
  }

  /** Waits until the child has written a checkpoint beyond {@code step}: it is training. Returns its step. */
  private static int awaitCheckpointAfter(ChildJvm child, Path checkpoints, int step) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    int newest;
    while ((newest = newestCheckpoint(checkpoints)) <= step) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("no checkpoint after step " + step + "; log " + child.log() + ":\n"
            + child.tail());
      }
      Thread.sleep(10);
    }
    return newest;
  }

  /** Sleeps {@code ms}, or less once a checkpoint of step {@code limit} or later is there. */
  private static void sleepUnlessTrainedTo(Path checkpoints, long ms, int limit) throws Exception {
    long end = System.nanoTime() + ms * 1_000_000;
    while (System.nanoTime() < end && newestCheckpoint(checkpoints) < limit) {
      Thread.sleep(Math.max(0, Math.min(20, (end - System.nanoTime()) / 1_000_000)));
    }
  }

  /** The step of the newest complete checkpoint in {@code checkpoints}; 0 when none. */
  private static int newestCheckpoint(Path checkpoints) throws IOException {
    if (!Files.isDirectory(checkpoints)) return 0;
    try (Stream<Path> entries = Files.list(checkpoints)) {
      return entries.map(p -> CHECKPOINT.matcher(p.getFileName().toString()))
          .filter(Matcher::matches).mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
    }
  }

  /** The step the child said it resumes from; 0 when it started afresh. */
  private static int resumedStep(ChildJvm child) throws IOException {
    Matcher m = RESUMED.matcher(Files.readString(child.log()));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static void assertNoCrash(Path cwd, ChildJvm child) throws IOException {
    try (Stream<Path> files = Files.list(cwd)) {
      assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("hs_err_pid")).toList(),
          child.tail());
    }
    assertFalse(Files.readString(child.log()).contains("A fatal error has been detected"), child.tail());
  }

  /**
   * INT, unless this JVM ignores it (started in the background by a non-interactive shell): the
   * children inherit that, and a JVM leaves an ignored SIGINT ignored, as the shell meant.
   */
  private static String interruptSignal() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        long ignored = Long.parseLong(line.substring("SigIgn:".length()).trim(), 16);
        return (ignored & (1L << (2 - 1))) != 0 ? "TERM" : "INT"; // bit N-1 for signal N; SIGINT is 2
      }
    }
    return "INT";
  }
}
