package dev.scone.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `scone` command line: one entry point whose subcommands each own one task. */
@Command(
    name = "scone",
    mixinStandardHelpOptions = true,
    version = "scone 0.1.0",
    description = "SCONE n-gram embeddings as a streaming system.",
    subcommands = {CommandLine.HelpCommand.class, CorpusCommand.class, BrokerCommand.class, BenchCommand.class, FgramsCommand.class,
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
