package dev.scone.cli;

import dev.scone.broker.BrokerConfig;
import dev.scone.broker.LocalKafkaBroker;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scone broker start | stop | status}: a local single-node Kafka broker in its own JVM
 * that outlives the command, found again through the state file in its data dir.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {"Run a local Kafka broker in its own JVM.",
        "A single-node Apache Kafka broker (KRaft), listening on 127.0.0.1 only."},
    subcommands = {BrokerCommand.Start.class, BrokerCommand.Stop.class, BrokerCommand.Status.class})
public final class BrokerCommand implements Callable<Integer> {

  /** Exit code of {@code status} when no broker answers (the LSB convention for "not running"). */
  public static final int NOT_RUNNING = 3;

  @Spec CommandSpec spec;

  /** Without a subcommand: a usage error. */
  @Override
  public Integer call() {
    return CliConventions.missingCommand(spec);
  }

  /** The --data-dir option shared by the subcommands. */
  static final class DataDir {
    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Broker config, log (broker.log), state and storage. Default: $SCONE_CACHE/kafka, "
            + "else ~/.cache/scone/kafka.")
    Path dataDir;

    Path resolve() {
      return dataDir != null ? dataDir.toAbsolutePath() : BrokerConfig.defaultDataDir();
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {"Start the broker in the background.",
          "It keeps running after this command, which prints its bootstrap address once it answers."})
  static final class Start implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataDir dir;

    @Option(names = "--port", defaultValue = "9092",
        description = "Client port on 127.0.0.1; 0 picks a free one.")
    int port;

    @Option(names = "--heap-mb", defaultValue = "512", description = "Broker JVM heap in MiB.")
    int heapMb;

    @Option(names = "--timeout-s", defaultValue = "90",
        description = "Seconds to wait for the broker to answer.")
    long timeoutSeconds;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Path dataDir = dir.resolve();
      Optional<LocalKafkaBroker> running = LocalKafkaBroker.attach(dataDir);
      if (running.isPresent()) {
        out.println("Kafka broker already running at " + running.get().bootstrapServers()
            + " (pid " + running.get().pid() + ", data dir " + dataDir + ")");
        return 0;
      }
      return failClearly(spec, () -> {
        BrokerConfig config = BrokerConfig.in(dataDir).withPort(port).withHeapMb(heapMb)
            .withStartTimeout(Duration.ofSeconds(timeoutSeconds));
        out.println("Starting Kafka broker (data dir " + dataDir + ", heap " + heapMb + " MiB) ...");
        out.flush();
        long started = System.nanoTime();
        LocalKafkaBroker broker = LocalKafkaBroker.startDetached(config);
        out.printf("Kafka broker running at %s (pid %d, ready in %.1f s, log %s)%n", broker.bootstrapServers(),
            broker.pid(), (System.nanoTime() - started) / 1e9, broker.logFile());
        return 0;
      });
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = "Stop the broker cleanly (SIGTERM; SIGKILL after 30 s).")
  static final class Stop implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataDir dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Path dataDir = dir.resolve();
      Optional<LocalKafkaBroker> running = LocalKafkaBroker.attach(dataDir);
      if (running.isEmpty()) {
        out.println("No Kafka broker running on data dir " + dataDir);
        return 0;
      }
      LocalKafkaBroker broker = running.get();
      return failClearly(spec, () -> {
        broker.stop();
        out.println("Stopped Kafka broker at " + broker.bootstrapServers() + " (pid " + broker.pid() + ")");
        return 0;
      });
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {"Say whether the broker runs and answers.", "Exit code 0 when it does, " + NOT_RUNNING
          + " when not."})
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin DataDir dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Path dataDir = dir.resolve();
      Optional<LocalKafkaBroker> running = LocalKafkaBroker.attach(dataDir);
      if (running.isEmpty()) {
        out.println("Kafka broker not running (data dir " + dataDir + ")");
        return NOT_RUNNING;
      }
      LocalKafkaBroker broker = running.get();
      if (!broker.isAnswering(Duration.ofSeconds(5))) {
        out.println("Kafka broker process " + broker.pid() + " is alive but does not answer at "
            + broker.bootstrapServers() + " (starting, stopping or stuck? see " + broker.logFile() + ")");
        return NOT_RUNNING;
      }
      out.println("Kafka broker running at " + broker.bootstrapServers() + " (pid " + broker.pid()
          + ", data dir " + dataDir + ")");
      return 0;
    }
  }

  /**
   * Runs {@code action}; a failure becomes its message on stderr and exit code 1, not a stack
   * trace. Unlike other commands' one line, the whole message: the broker's start failures carry
   * the tail of its log below the first line, which is what to read next.
   */
  private static int failClearly(CommandSpec spec, IntSupplier action) {
    try {
      return action.getAsInt();
    } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + e.getMessage());
      return CliConventions.FAILED;
    }
  }
}
