package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {

  @Test
  void demoIsASubcommandWithQuickAndWorkDirOptions() {
    CommandLine cli = SconeCli.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    assertEquals(0, cli.execute("demo", "--help"));
    assertTrue(out.toString().contains("--quick"), out.toString());
    assertTrue(out.toString().contains("--work-dir"), out.toString());
  }
}
