package dev.scone.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The `scone` command line: one entry point whose subcommands each own one task. */
@Command(
    name = "scone",
    mixinStandardHelpOptions = true,
    version = "scone 0.1.0",
    description = "SCONE n-gram embeddings as a streaming system.",
    // The benchmarks live in their own module, which production code never imports: the launcher
    // runs `scone bench ...` from that module's classpath (dev.scone.bench.BenchCommand).
    footer = {"", "Benchmarks:", "  bench      Run a benchmark against its baseline, side by side (./scone bench --help)."},
    subcommands = {CommandLine.HelpCommand.class, CorpusCommand.class, BrokerCommand.class, FgramsCommand.class,
        TrainCommand.class, EvalCommand.class, GenerateCommand.class, CountCommand.class, ExperimentCommand.class,
        ServeCommand.class, RequestCommand.class, RescoreCommand.class, CountLiveCommand.class, TrainerCommand.class,
        RefreshStudyCommand.class, ChaosCommand.class, DemoCommand.class})
public final class SconeCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SconeCli()).execute(args));
  }
}
