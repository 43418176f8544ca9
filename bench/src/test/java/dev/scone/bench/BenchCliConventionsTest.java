package dev.scone.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.cli.CliConventionCheck;
import dev.scone.cli.CliConventions;
import dev.scone.cli.SconeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code scone bench} follows the CLI conventions of every scone command, with the same shared defaults. */
class BenchCliConventionsTest {

  @Test
  void everyBenchmarkCommandFollowsTheConventionsWithTheDefaultsOfTheSconeCommands() {
    assertEquals(List.of(), CliConventionCheck.violations(BenchCommand.commandLine(), SconeCli.commandLine()));
  }

  @Test
  void aBadArgumentIsOneLineAndExitCode2() {
    StringWriter err = new StringWriter();
    CommandLine cli = BenchCommand.commandLine().setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err, true));
    assertEquals(CliConventions.USAGE, cli.execute("count", "--corpus", "nope"));
    List<String> lines = err.toString().lines().toList();
    assertEquals(List.of("scone bench count: Invalid value for option '--corpus': unknown corpus 'nope': expected one of"
        + " sotu, moby-dick, email-ham-2, jquery-source, moment-source, lodash-source, email-2002, mix"), lines);
  }

  @Test
  void withoutABenchmarkTheUsageGoesToStderrAndTheExitCodeIs2() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = BenchCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err, true));
    assertEquals(CliConventions.USAGE, cli.execute());
    assertEquals("", out.toString());
    assertTrue(err.toString().startsWith("Usage: scone bench") && err.toString().strip().endsWith(
        "scone bench: missing command; choose one of those above"), err.toString());
  }
}
