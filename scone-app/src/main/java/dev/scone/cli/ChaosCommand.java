package dev.scone.cli;

import dev.scone.broker.BrokerConfig;
import dev.scone.broker.LocalKafkaBroker;
import dev.scone.chaos.ChaosSuite;
import dev.scone.chaos.SoakRun;
import dev.scone.training.corpus.SconeCache;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scone chaos}: the reliability suite (kills, broker restarts, hostile input, bind
 * addresses, soak) on brokers and job JVMs of its own; {@code scone chaos soak}: the soak alone.
 * Exit status 1 when any promise broke.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    subcommands = ChaosCommand.Soak.class,
    description = {
      "Run the reliability suite: kills, restarts, bad input, a soak.",
      "Runs serve and count-live in child JVMs killed with SIGKILL mid-stream and "
          + "restarted from their retained checkpoints; the broker restarted under running jobs; generated bad "
          + "requests mixed with valid ones; listening addresses; a soak at a fixed rate. Prints kills survived, "
          + "bad inputs tried, answers lost and duplicates (both must be 0). How long it takes: README, \"How long things take\". "
          + "Exit code 1 when any promise broke."
    })
public final class ChaosCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--kills", defaultValue = "3", description = "SIGKILLs of the job JVMs.")
  int kills;

  @Option(names = "--broker-restarts", defaultValue = "2", description = "Broker restarts under running jobs.")
  int brokerRestarts;

  @Option(names = "--bad", defaultValue = "10000", description = "Generated bad requests.")
  int bad;

  @Option(names = "--requests", defaultValue = "60", description = "Requests sent between two disruptions.")
  int requests;

  @Option(names = "--soak-minutes", defaultValue = "10", description = "Length of the soak (0: none).")
  double soakMinutes;

  @Option(names = "--rate", defaultValue = "50", description = "Soak requests per second.")
  int rate;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where logs, checkpoints, brokers and results go. Default: <scone cache>/chaos/<time>.")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter print = spec.commandLine().getOut();
    Path dir = workDir != null ? workDir : defaultOut();
    print.printf("chaos suite under %s: %d kills, %d broker restarts, %,d bad inputs, soak %.1f min at %d/s%n", dir,
        kills, brokerRestarts, bad, soakMinutes, rate);
    print.flush();
    ChaosSuite.Totals totals = ChaosSuite.run(dir, new ChaosSuite.Plan(kills, brokerRestarts, bad, requests,
        minutes(soakMinutes), rate), print);
    return totals.allPassed() ? 0 : 1;
  }

  static Path defaultOut() {
    return SconeCache.root().resolve("chaos").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  static Duration minutes(double m) {
    return Duration.ofMillis(Math.round(m * 60_000));
  }

  /** {@code scone chaos soak}: serve in a child JVM at a fixed rate; RSS and heap every second to CSV and PNG. */
  @Command(name = "soak", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {
        "Serve at a fixed rate and watch the memory of the serving JVM.",
        "Serves at a fixed request rate in a child JVM, sampling its RSS (/proc) and heap every second into "
            + "soak.csv and soak.png; prints the RSS slope over the second half (MB/min)."
      })
  static final class Soak implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--minutes", defaultValue = "10", description = "How long.")
    double minutes;

    @Option(names = "--rate", defaultValue = "50", description = "Requests per second.")
    int rate;

    @Option(names = "--work-dir", paramLabel = "DIR",
        description = "Where the broker, logs and results go. Default: <scone cache>/chaos/<time>.")
    Path workDir;

    @Override
    public Integer call() throws Exception {
      Path dir = workDir != null ? workDir : defaultOut();
      PrintWriter print = spec.commandLine().getOut();
      try (LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerConfig.in(dir.resolve("kafka")).withAutoCreateTopics(false))) {
        SoakRun.Result r = SoakRun.run(broker.bootstrapServers(), dir, minutes(minutes), rate);
        print.println(r.bind().line());
        print.println(r.line());
        print.println("plot: " + r.png());
        return r.answered() == r.sent() && r.bind().exposed().isEmpty() ? 0 : 1;
      }
    }
  }
}
