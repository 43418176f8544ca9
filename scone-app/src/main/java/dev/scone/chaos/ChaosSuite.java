package dev.scone.chaos;

import dev.scone.broker.BrokerConfig;
import dev.scone.broker.LocalKafkaBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole reliability suite, each drill on a broker of its own under {@code out}: kills of
 * the job JVMs, broker restarts, hostile input, the bind-address check and an optional soak.
 * Prints a line per drill as it finishes, then the summary, also written to {@code summary.txt}.
 */
public final class ChaosSuite {
  /**
   * @param kills SIGKILLs of both job JVMs in the crash drill
   * @param brokerRestarts broker restarts in the broker drill
   * @param badInputs generated bad requests in the hostile-input drill
   * @param requestsPerPhase requests sent between two disruptions
   * @param soak how long the soak runs (zero: no soak)
   * @param soakRate requests per second during the soak
   */
  public record Plan(int kills, int brokerRestarts, int badInputs, int requestsPerPhase, Duration soak, int soakRate) {}

  /** The totals the summary reports. */
  public record Totals(int killsSurvived, int brokerRestartsSurvived, int badInputsTried, int answersLost, int duplicates,
      boolean allPassed) {}

  private ChaosSuite() {}

  public static Totals run(Path out, Plan plan, PrintWriter print) throws Exception {
    Files.createDirectories(out);
    List<String> lines = new ArrayList<>();
    DrillResult crash;
    SafeDefaults.Listening brokerBind;
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerConfig.in(out.resolve("kafka-crash")).withAutoCreateTopics(false))) {
      brokerBind = SafeDefaults.of("kafka broker", broker.pid());
      crash = new CrashDrill("kill -9", broker.bootstrapServers(), out.resolve("crash"), plan.kills(), plan.requestsPerPhase(),
          10, CrashDrill.killJobs()).run();
    }
    report(print, lines, brokerBind.line());
    report(print, lines, crash.line());
    DrillResult restarts;
    try (BrokerRestart broker = new BrokerRestart(out.resolve("kafka-restart"), Duration.ofSeconds(3))) {
      restarts = new CrashDrill("broker restart", broker.bootstrapServers(), out.resolve("restart"), plan.brokerRestarts(),
          plan.requestsPerPhase(), 10, broker.disruption()).run();
    }
    report(print, lines, restarts.line());
    HostileDrill.Result hostile;
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerConfig.in(out.resolve("kafka-hostile")).withAutoCreateTopics(false))) {
      hostile = HostileDrill.run(broker.bootstrapServers(), out.resolve("hostile"), plan.badInputs());
    }
    report(print, lines, hostile.line());
    boolean soakPassed = soak(out, plan, print, lines);
    Totals totals = new Totals(crash.disruptions(), restarts.disruptions(), hostile.bad(),
        crash.answersLost() + restarts.answersLost() + hostile.answersLost() + hostile.deadLettersMissing(),
        crash.duplicates() + restarts.duplicates() + hostile.deadLetterDuplicates(),
        crash.passed() && restarts.passed() && hostile.passed() && brokerBind.exposed().isEmpty() && soakPassed);
    report(print, lines, String.format("SUMMARY: kills survived %d, broker restarts survived %d, bad inputs tried %d,"
        + " answers lost %d, duplicates %d: %s", totals.killsSurvived(), totals.brokerRestartsSurvived(), totals.badInputsTried(),
        totals.answersLost(), totals.duplicates(), totals.allPassed() ? "PASS" : "FAIL"));
    Files.write(out.resolve("summary.txt"), lines);
    return totals;
  }

  /** The soak, when asked for, with the serving JVM's listening addresses checked on the way. */
  private static boolean soak(Path out, Plan plan, PrintWriter print, List<String> lines) throws Exception {
    if (plan.soak().isZero()) return true;
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerConfig.in(out.resolve("kafka-soak")).withAutoCreateTopics(false))) {
      SoakRun.Result soak = SoakRun.run(broker.bootstrapServers(), out.resolve("soak"), plan.soak(), plan.soakRate());
      report(print, lines, soak.bind().line());
      report(print, lines, soak.line());
      return soak.answered() == soak.sent() && soak.bind().exposed().isEmpty();
    }
  }

  private static void report(PrintWriter print, List<String> lines, String line) throws IOException {
    lines.add(line);
    print.println(line);
    print.flush();
  }
}
