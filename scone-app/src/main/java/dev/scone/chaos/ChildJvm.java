package dev.scone.chaos;

import dev.scone.training.jvm.ChildLog;
import dev.scone.training.jvm.JavaCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A {@code scone} command running in a JVM of its own (this JVM's class path and its
 * {@code --add-opens} / {@code -D} flags, i.e. surefire's argLine or the launcher's), so that it
 * can be killed with SIGKILL like a crashed machine, and its memory read from /proc. Output goes
 * to a log file; its heap use is sampled once a second into {@code heap.csv} beside it (see
 * {@link MeteredMain}). Not thread-safe.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code scone ARGS...} with at most {@code heapMb} MiB of heap; output appended to
   * {@code log}, heap samples to {@code log}'s sibling {@code <name>.heap.csv}.
   */
  public static ChildJvm start(List<String> sconeArgs, Path log, int heapMb) throws IOException {
    return start(sconeArgs, log, heapMb, null, List.of());
  }

  /**
   * As {@link #start(List, Path, int)}, running in {@code workingDirectory} (null: this JVM's), where
   * a crashing JVM writes its {@code hs_err_pid<N>.log}, with {@code jvmFlags} added (such as
   * {@code -XX:TieredStopAtLevel=1}, which halved a short child's start on 2 busy cores).
   */
  public static ChildJvm start(List<String> sconeArgs, Path log, int heapMb, Path workingDirectory,
      List<String> jvmFlags) throws IOException {
    List<String> flags = new ArrayList<>(jvmFlags);
    flags.add("-D" + MeteredMain.HEAP_LOG + "=" + heapLog(log));
    return launch(MeteredMain.class.getName(), sconeArgs, log, heapMb, workingDirectory, flags, true);
  }

  /**
   * Starts {@code mainClass ARGS...} from this JVM's class path, with at most {@code heapMb} MiB of
   * heap and PyTorch's own thread settings (for a child that runs a model of real size, unlike the
   * drills' tiny ones); output appended to {@code log}.
   */
  public static ChildJvm startMain(String mainClass, List<String> args, Path log, int heapMb) throws IOException {
    return launch(mainClass, args, log, heapMb, null, List.of(), false);
  }

  private static ChildJvm launch(String mainClass, List<String> args, Path log, int heapMb, Path workingDirectory,
      List<String> jvmFlags, boolean tinyModels) throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<String> command = new ArrayList<>();
    command.add(JavaCommand.javaBinary());
    command.add("-Xmx" + heapMb + "m");
    command.addAll(JavaCommand.inheritedFlags());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .directory(workingDirectory == null ? null : workingDirectory.toFile())
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (tinyModels) {
      builder.environment().put("OMP_NUM_THREADS", "1"); // tiny models: intra-op threads only wait on each other
      builder.environment().put("OMP_WAIT_POLICY", "PASSIVE"); // and they sleep, not spin, while they wait
    }
    return new ChildJvm(builder.start(), log);
  }

  /** The heap samples file of a child logging to {@code log}. */
  public static Path heapLog(Path log) {
    return log.resolveSibling(log.getFileName() + ".heap.csv");
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Resident set size of the child in bytes (VmRSS in /proc/PID/status), or empty once it is gone. */
  public OptionalLong rssBytes() {
    return ProcessMemory.rssBytes(process.pid());
  }

  /** SIGKILL, as a crash: no shutdown hook, no cancel, no flush. Waits until the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("child JVM " + process.pid() + " still alive 30 s after SIGKILL; log " + log);
    }
  }

  /** Sends signal {@code name} ({@code INT} as Ctrl-C does, {@code TERM} as a service manager does) with kill(1). */
  public void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
  }

  /** Waits for the child to exit; its exit code (128 + N when signal N ended it). Fails naming the log's tail. */
  public int awaitExit(Duration limit) throws IOException, InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("child JVM " + process.pid() + " still running after " + limit.toSeconds()
          + " s; log " + log + " ends:\n" + tail());
    }
    return process.exitValue();
  }

  /** Waits until the log contains {@code marker}; fails naming the log's tail if the child died or time ran out. */
  public void awaitLog(String marker, Duration limit) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!Files.readString(log).contains(marker)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("child JVM " + process.pid() + (process.isAlive() ? " did not print '" : " died before printing '")
            + marker + "' within " + limit.toSeconds() + " s; log " + log + " ends:\n" + tail());
      }
      Thread.sleep(100);
    }
  }

  /** The log's end, for failure messages. */
  public String tail() throws IOException {
    return ChildLog.tail(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill();
  }
}
