package dev.scone.cli;

import java.io.PrintWriter;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine;

/** Lets tests in other packages start {@code scone serve} without blocking until Ctrl-C. */
public final class ServeCommandAccess {
  private ServeCommandAccess() {}

  /** Parses {@code args} as {@code scone serve} does and starts the job; the caller cancels it. */
  public static JobClient start(PrintWriter out, String... args) throws Exception {
    ServeCommand command = new ServeCommand();
    new CommandLine(command).parseArgs(args);
    return command.start(out);
  }
}
