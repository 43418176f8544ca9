package dev.scone.cli;

import dev.scone.corpus.Corpora;
import dev.scone.corpus.Document;
import dev.scone.fgram.bench.BenchResult;
import dev.scone.fgram.bench.CountBench;
import dev.scone.fgram.bench.TokenizeBench;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scone bench NAME}: the project's benchmarks, each measured side by side with its baseline
 * in one run, printed as a table and, with {@code --json}, as one JSON object on the last line.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark against its baseline, side by side in one run.",
    subcommands = {BenchCommand.Tokenize.class, BenchCommand.Count.class})
public final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options every benchmark takes. */
  static final class Common {
    @Option(names = "--json", description = "Also print the result as one JSON object on the last line.")
    boolean json;

    @Option(names = "--corpus", defaultValue = "sotu", description = "Corpus whose text is measured (default: ${DEFAULT-VALUE}).")
    String corpus;

    List<String> texts() throws java.io.IOException {
      return Corpora.load(corpus).documents().stream().map(Document::text).toList();
    }

    int print(BenchResult result) {
      System.out.print(result.toTable());
      if (json) System.out.println(result.toJson());
      return 0;
    }
  }

  @Command(name = "tokenize", mixinStandardHelpOptions = true,
      description = "GPT-2 BPE tokens/s on one thread vs a whitespace split.")
  static final class Tokenize implements Callable<Integer> {
    @Mixin Common common;

    @Override
    public Integer call() throws java.io.IOException {
      return common.print(TokenizeBench.run(common.texts()));
    }
  }

  @Command(name = "count", mixinStandardHelpOptions = true,
      description = "Exact 2..maxN n-gram counting on one core vs a HashMap<List<Integer>,Long> counter.")
  static final class Count implements Callable<Integer> {
    @Mixin Common common;

    @Option(names = "--max-n", defaultValue = "5", description = "Longest n-gram counted (default: ${DEFAULT-VALUE}).")
    int maxN;

    @Override
    public Integer call() throws java.io.IOException {
      return common.print(CountBench.run(common.texts(), maxN));
    }
  }
}
