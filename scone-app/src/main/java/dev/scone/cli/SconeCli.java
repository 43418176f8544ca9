package dev.scone.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code scone} command line: one entry point whose subcommands each own one task. Every
 * command follows the conventions in README.md ("CLI conventions"): the shared options are mixins
 * ({@link StoreOption}, {@link CheckpointDirOption}, {@link ProgressOption}, {@link ThreadsOption},
 * {@link FgramOptions}, {@link SeedOption}, {@link BootstrapOption}), defaults are shown by
 * picocli ({@code showDefaultValues}), and exit codes and error lines are {@link CliConventions}'.
 */
@Command(
    name = "scone",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    version = "scone 0.1.0",
    description = "SCONE n-gram embeddings as a streaming system.",
    // The benchmarks live in their own module, which production code never imports: the launcher
    // runs `scone bench ...` from that module's classpath (dev.scone.bench.BenchCommand).
    footer = {"", "Benchmarks:", "  bench          Run a benchmark against its baseline (./scone bench --help).",
        "", "Exit codes: 0 done, 1 the work failed, 2 bad arguments, 130 interrupted."},
    subcommands = {CommandLine.HelpCommand.class, CorpusCommand.class, BrokerCommand.class, FgramsCommand.class,
        TrainCommand.class, EvalCommand.class, GenerateCommand.class, CountCommand.class, ExperimentCommand.class,
        ServeCommand.class, ClusterCommand.class, RequestCommand.class, RescoreCommand.class, CountLiveCommand.class, TrainerCommand.class,
        RefreshStudyCommand.class, ChaosCommand.class, DemoCommand.class})
public final class SconeCli implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Without a command: a usage error. */
  @Override
  public Integer call() {
    return CliConventions.missingCommand(spec);
  }

  /** The whole command line with the conventions' handlers: what {@link #main} runs, and tests. */
  public static CommandLine commandLine() {
    return CliConventions.applyTo(new CommandLine(new SconeCli()));
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
