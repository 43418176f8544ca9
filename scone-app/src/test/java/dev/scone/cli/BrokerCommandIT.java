package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.broker.LocalKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `scone broker start | status | stop` on a temp data dir, run in-process through picocli. */
class BrokerCommandIT {

  private static final Pattern ADDRESS = Pattern.compile("running at (127\\.0\\.0\\.1:\\d+) \\(pid (\\d+)");

  @TempDir Path dir;

  @AfterEach
  void stopWhateverStarted() {
    LocalKafkaBroker.attach(dir).ifPresent(LocalKafkaBroker::stop);
  }

  @Test
  void startStatusStopRoundTripReportsTheSameBrokerThroughTheStateFile() {
    assertEquals(new Result(BrokerCommand.NOT_RUNNING, "Kafka broker not running (data dir " + dir + ")\n"),
        run("status"));

    Result start = run("start", "--port", "0");
    assertEquals(0, start.code, start.out);
    Matcher started = ADDRESS.matcher(start.out);
    assertTrue(started.find(), start.out);
    String address = started.group(1);
    long pid = Long.parseLong(started.group(2));
    assertTrue(LocalKafkaBroker.attach(dir).orElseThrow().isAnswering(Duration.ofSeconds(5)));

    Result status = run("status");
    assertEquals(0, status.code, status.out);
    assertTrue(status.out.contains("running at " + address + " (pid " + pid), status.out);

    Result again = run("start", "--port", "0");
    assertTrue(again.out.contains("already running at " + address), again.out);

    Result stop = run("stop");
    assertEquals("Stopped Kafka broker at " + address + " (pid " + pid + ")\n", stop.out);
    assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive(), "broker process gone");
    assertEquals(BrokerCommand.NOT_RUNNING, run("status").code);
    assertEquals("No Kafka broker running on data dir " + dir + "\n", run("stop").out);
  }

  @Test
  void everySubcommandHasHelp() {
    for (String sub : new String[] {"start", "stop", "status"}) {
      Result help = run(sub, "--help");
      assertEquals(0, help.code);
      assertTrue(help.out.contains("--data-dir"), help.out);
    }
  }

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BrokerCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] withDir = new String[args.length + 2];
    System.arraycopy(args, 0, withDir, 0, args.length);
    withDir[args.length] = "--data-dir";
    withDir[args.length + 1] = dir.toString();
    int code = cli.execute(withDir);
    return new Result(code, out + err.toString());
  }

  private record Result(int code, String out) {}
}
