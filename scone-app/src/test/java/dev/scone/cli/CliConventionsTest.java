package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Every command's help, walked recursively, follows the CLI conventions ({@link CliConventionCheck}). */
class CliConventionsTest {

  @Test
  void everySconeCommandAndSubcommandFollowsTheConventions() {
    assertEquals(List.of(), CliConventionCheck.violations(SconeCli.commandLine()));
  }

  @Command(name = "bad", mixinStandardHelpOptions = true, subcommands = BadCommand.Sub.class,
      description = {"A command that breaks every convention", "on purpose."})
  static final class BadCommand implements Callable<Integer> {
    @Option(names = "--checkpoints", description = "Checkpoint here.")
    Path checkpoints;

    @Option(names = "--out", description = "Store directory for vocabularies.")
    Path out;

    @Option(names = "--min-count", defaultValue = "5", description = "Least count (default: 5).")
    long minCount;

    @Option(names = "--no-progress", description = "Draw nothing.")
    boolean noProgress;

    @Option(names = "--bundle", description = "A bundle directory or a version in the store.")
    String bundle;

    @Option(names = "--threads", defaultValue = "2")
    int threads;

    @Option(names = "--steps", defaultValue = "3", description = "Steps. Default: 3.")
    int steps;

    @Command(name = "sub", showDefaultValues = true,
        description = "A summary far too long to be shown whole on its line of the parent's list of commands.")
    static final class Sub implements Callable<Integer> {
      @Option(names = "--threads", defaultValue = "0", description = "Threads.")
      int threads;

      @Override
      public Integer call() {
        return 0;
      }
    }

    @Override
    public Integer call() {
      return 0;
    }
  }

  @Test
  void theChecksFindEachKindOfViolation() {
    List<String> found = CliConventionCheck.violations(new CommandLine(new BadCommand()));
    String all = String.join("\n", found);
    for (String expected : List.of(
        "bad: showDefaultValues is off",
        "bad: the first description line is not a sentence ending with a period",
        "bad: a hand-written '(default ...)' in the usage",
        "bad --checkpoints: retired name --checkpoints",
        "bad --out: takes a store, so it is named --store",
        "bad --min-count: retired name --min-count",
        "bad --no-progress: retired name --no-progress",
        "bad --bundle: --bundle accepts latest",
        "bad --threads: no description",
        "bad --steps: 'Default:' in the description of an option whose default picocli shows",
        "bad --help cuts the summary of sub",
        "--threads has different defaults in different commands: [0, 2]")) {
      assertTrue(all.contains(expected), "missing '" + expected + "' in\n" + all);
    }
    assertEquals(12, found.size(), all);
  }
}
