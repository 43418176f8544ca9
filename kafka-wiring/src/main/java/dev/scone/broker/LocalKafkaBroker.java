package dev.scone.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Apache Kafka broker (4.3.1, KRaft, broker and controller in one JVM) running
 * as a separate process on 127.0.0.1, with its config, log ({@code broker.log}) and storage in
 * one data dir. The broker's classes never enter this JVM; clients here talk to it over TCP.
 *
 * <pre>{@code
 * try (LocalKafkaBroker kafka = LocalKafkaBroker.start(BrokerConfig.in(dir))) {
 *   producerProps.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 *
 * <p>{@link #start} ties the broker to this JVM (a shutdown hook stops it);
 * {@link #startDetached} lets it outlive this JVM, and {@link #attach} finds it again from
 * another JVM through the state file in the data dir. One broker per data dir; a later start on
 * the same dir keeps its topics and data. Thread-safe; {@link #stop} is idempotent.
 */
public final class LocalKafkaBroker implements AutoCloseable {

  private static final Duration KILL_WAIT = Duration.ofSeconds(10);

  private final ProcessHandle process;
  private final String bootstrapServers;
  private final BrokerFiles files;
  private final Duration stopTimeout;
  private final Optional<Thread> shutdownHook;
  private boolean stopped;

  LocalKafkaBroker(ProcessHandle process, String bootstrapServers, BrokerFiles files, Duration stopTimeout,
      boolean stopWithThisJvm) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
    this.files = files;
    this.stopTimeout = stopTimeout;
    this.shutdownHook = stopWithThisJvm
        ? Optional.of(new Thread(this::stop, "scone-kafka-broker-stop-" + process.pid()))
        : Optional.empty();
    shutdownHook.ifPresent(Runtime.getRuntime()::addShutdownHook);
  }

  /**
   * Starts a broker that lives at most as long as this JVM, and returns once it answers.
   *
   * @throws IllegalStateException when a broker already runs on the data dir, the configured
   *     port is taken, or the broker does not answer within the start timeout (the message
   *     carries the tail of its log); nothing is left running then
   */
  public static LocalKafkaBroker start(BrokerConfig config) {
    return BrokerLauncher.launch(config, false);
  }

  /** Like {@link #start}, but the broker keeps running after this JVM exits. */
  public static LocalKafkaBroker startDetached(BrokerConfig config) {
    return BrokerLauncher.launch(config, true);
  }

  /**
   * The broker that runs on {@code dataDir}, started by this or another JVM, or empty when its
   * state file is missing or names a process that is gone (or is not a Kafka broker: the pid was
   * reused). Does not check that it answers: see {@link #isAnswering}. Stops wait 30 s for it.
   */
  public static Optional<LocalKafkaBroker> attach(Path dataDir) {
    BrokerFiles files = new BrokerFiles(dataDir);
    return BrokerState.read(files.stateFile()).flatMap(state -> ProcessHandle.of(state.pid())
        .filter(handle -> isBrokerOf(handle, files))
        .map(handle -> new LocalKafkaBroker(handle, state.bootstrapServers(), files,
            BrokerConfig.in(dataDir).stopTimeout(), false)));
  }

  /** {@code 127.0.0.1:PORT}, for the {@code bootstrap.servers} of clients. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  public long pid() {
    return process.pid();
  }

  public Path dataDir() {
    return files.dataDir();
  }

  /** stdout and stderr of the broker JVM (log4j at INFO); the previous start's is beside it as broker.log.1. */
  public Path logFile() {
    return files.logFile();
  }

  /** Whether the broker process exists; it may still be starting or stopping. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Whether the broker answers an Admin describeCluster within {@code timeout}. */
  public boolean isAnswering(Duration timeout) {
    return process.isAlive() && BrokerProbe.answers(bootstrapServers, timeout);
  }

  /**
   * Stops the broker cleanly: SIGTERM, then waits up to the stop timeout for its controlled
   * shutdown, then SIGKILL. Returns once the process is gone and its ports are free; removes the
   * state file. Does nothing the second time.
   *
   * @throws IllegalStateException when the process survives even SIGKILL
   */
  public synchronized void stop() {
    if (!stopped) {
      process.destroy();
      if (!awaitExit(stopTimeout)) {
        process.destroyForcibly();
        if (!awaitExit(KILL_WAIT)) {
          throw new IllegalStateException("the Kafka broker (pid " + process.pid() + ") is still alive "
              + KILL_WAIT.toSeconds() + " s after SIGKILL");
        }
      }
      deleteStateIfOurs();
      stopped = true;
    }
    shutdownHook.ifPresent(LocalKafkaBroker::removeHook);
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "LocalKafkaBroker[" + bootstrapServers + ", pid " + process.pid() + ", " + files.dataDir() + "]";
  }

  private boolean awaitExit(Duration timeout) {
    try {
      process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot wait for the Kafka broker (pid " + process.pid() + ") to exit", e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the Kafka broker (pid " + process.pid()
          + "); killed it", e);
    }
  }

  private void deleteStateIfOurs() {
    if (BrokerState.read(files.stateFile()).filter(state -> state.pid() == process.pid()).isPresent()) {
      BrokerState.delete(files.stateFile());
    }
  }

  /** A kafka.Kafka JVM reading this data dir's server.properties (when the OS tells us). */
  private static boolean isBrokerOf(ProcessHandle handle, BrokerFiles files) {
    return handle.info().commandLine()
        .map(line -> line.contains("kafka.Kafka") && line.contains(files.serverProperties().toString()))
        .orElse(true);
  }

  private static void removeHook(Thread hook) {
    if (Thread.currentThread() == hook) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting and runs the hook anyway; stop() is idempotent.
    }
  }
}
