package dev.scone.cli;

import dev.scone.demo.Demo;
import dev.scone.demo.DemoPlan;
import dev.scone.demo.DemoSummary;
import dev.scone.training.corpus.SconeCache;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code scone demo}: the whole system on this machine, told step by step (see {@link Demo}). */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Run the whole system on this machine, told step by step.",
      "Starts a local Kafka broker, the counting and inference jobs (Flink MiniClusters) and the trainer; streams "
          + "the State of the Union addresses into scone.corpus in order of year; trains a small baseline and SCONE "
          + "model on the early years; serves score and generate requests while the vocabulary refreshes and new "
          + "tables are hot-swapped; ends with a summary. How long it takes: README, \"How long things take\". "
          + "Ctrl-C stops everything it started. A second run reuses the models the first trained."
    })
public final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--quick", description = "Smaller model, fewer years: a short run.")
  boolean quick;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where the demo keeps what it builds. Default: <scone cache>/demo.")
  Path workDir;

  @Mixin ProgressOption progress;

  @Option(names = "--verbose", description = "Also show the components' INFO logs.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!verbose) {
      // The narration tells what happens; Flink's and Kafka's start-up warnings would drown it.
      Configurator.setRootLevel(Level.ERROR);
      Configurator.setLevel("dev.scone", Level.WARN);
    }
    Demo demo = new Demo(quick ? DemoPlan.quick() : DemoPlan.standard(),
        workDir != null ? workDir : SconeCache.root().resolve("demo"), out, progress.show());
    Thread hook = new Thread(demo::stop, "scone-demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      DemoSummary summary = demo.run();
      out.println();
      out.println("Summary");
      out.print(summary.toTable());
      out.flush();
      return 0;
    } finally {
      removeHook(hook);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down already: the hook runs
    }
  }
}
