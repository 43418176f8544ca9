package dev.scone.bench;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.fgram.CountBench;
import dev.scone.bench.fgram.GatherBench;
import dev.scone.bench.fgram.MatchBench;
import dev.scone.bench.fgram.TokenizeBench;
import dev.scone.bench.infer.InferBench;
import dev.scone.bench.infer.ScoringLeakBench;
import dev.scone.cli.BundleArgument;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.SconeCache;
import dev.scone.training.corpus.Split;
import java.nio.file.Path;
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
    name = "scone bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark against its baseline, side by side in one run.",
    subcommands = {BenchCommand.Tokenize.class, BenchCommand.Count.class, BenchCommand.Match.class,
      BenchCommand.Gather.class, BenchCommand.Infer.class, BenchCommand.Leak.class,
      CountStreamBenchCommand.class, ServeBenchCommand.class})
public final class BenchCommand implements Runnable {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code ./scone bench ...} runs this, from the bench module's classpath. */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new BenchCommand()).execute(args));
  }

  /** {@code --json}, and printing a result the project's way. */
  static final class Output {
    @Option(names = "--json", description = "Also print the result as one JSON object on the last line.")
    boolean json;

    int print(BenchResult result) {
      System.out.print(result.toTable());
      if (json) System.out.println(result.toJson());
      return 0;
    }
  }

  /** {@code --corpus}: whose text a benchmark runs on. */
  static final class CorpusText {
    @Option(names = "--corpus", defaultValue = "sotu", description = "Corpus whose text is measured (default: ${DEFAULT-VALUE}).")
    String corpus;

    List<String> texts() throws java.io.IOException {
      return Corpora.load(corpus).documents().stream().map(Document::text).toList();
    }
  }

  @Command(name = "tokenize", mixinStandardHelpOptions = true,
      description = "GPT-2 BPE tokens/s on one thread vs a whitespace split.")
  static final class Tokenize implements Callable<Integer> {
    @Mixin Output output;
    @Mixin CorpusText corpus;

    @Override
    public Integer call() throws java.io.IOException {
      return output.print(TokenizeBench.run(corpus.texts()));
    }
  }

  @Command(name = "count", mixinStandardHelpOptions = true,
      description = "Exact 2..maxN n-gram counting on one core vs a HashMap<List<Integer>,Long> counter.")
  static final class Count implements Callable<Integer> {
    @Mixin Output output;
    @Mixin CorpusText corpus;

    @Option(names = "--max-n", defaultValue = "5", description = "Longest n-gram counted (default: ${DEFAULT-VALUE}).")
    int maxN;

    @Override
    public Integer call() throws java.io.IOException {
      return output.print(CountBench.run(corpus.texts(), maxN));
    }
  }

  @Command(name = "match", mixinStandardHelpOptions = true,
      description = {"Longest-match rows on one thread vs a HashMap<List<Integer>,Integer> matcher.",
          "|F| f-grams are selected from the same corpus (top |F| 2..maxN-grams, any count)."})
  static final class Match implements Callable<Integer> {
    @Mixin Output output;
    @Mixin CorpusText corpus;

    @Option(names = "--fgrams", defaultValue = "1000000", description = "|F| (default: ${DEFAULT-VALUE}).")
    int fgrams;

    @Option(names = "--max-n", defaultValue = "5", description = "Longest f-gram (default: ${DEFAULT-VALUE}).")
    int maxN;

    @Override
    public Integer call() throws java.io.IOException {
      Gpt2Tokenizer tokenizer = Gpt2Tokenizer.instance();
      int[][] documents = corpus.texts().stream().map(tokenizer::encode).toArray(int[][]::new);
      NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), maxN);
      for (int[] doc : documents) counter.addDocument(doc);
      FgramVocabulary vocab = new FgramSelector(fgrams, 1)
          .select(counter, new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), maxN, 0));
      return output.print(MatchBench.run(documents, vocab));
    }
  }

  @Command(name = "gather", mixinStandardHelpOptions = true,
      description = {"Gathering table rows from a memory-mapped file vs from the heap.",
          "Zipf-random rows of a >= 1 GiB fp32 table into a direct buffer, vs System.arraycopy of the same",
          "rows from an on-heap float[] of the same size; also the Caffeine cache in front (fp32, int8)."})
  static final class Gather implements Callable<Integer> {
    @Mixin Output output;

    @Option(names = "--work-dir", description = "Where the 1 GiB bench tables are built and reused"
        + " (default: the scone cache's bench directory).")
    Path workDir;

    @Override
    public Integer call() throws java.io.IOException {
      return output.print(GatherBench.run(benchDir(workDir)));
    }
  }

  /** Scratch directory for benchmarks that write their own tables. */
  static Path benchDir(Path override) {
    return override != null ? override : SconeCache.root().resolve("bench");
  }

  @Command(name = "infer", mixinStandardHelpOptions = true,
      description = {"Scoring tokens/s of SCONE vs the baseline with the same main model.",
          "SCONE's matcher and table gather are included. Without --bundle both use one randomly",
          "initialised model and table; with it, a trained SCONE bundle's model and table score the",
          "corpus's test split, against the same model reading its own token embedding."})
  static final class Infer implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Option(names = "--work-dir", description = "Scratch directory (default: the scone cache's bench directory).")
    Path workDir;

    @Option(names = "--bundle", description = "A trained SCONE bundle (directory, store version or latest).")
    String bundle;

    @Option(names = "--store", description = "Store for --bundle versions (default: <scone cache>/store).")
    Path store;

    @Option(names = "--corpus", defaultValue = "sotu", description = "With --bundle: whose test split is scored.")
    String corpus;

    @Option(names = "--documents", defaultValue = "8", description = "With --bundle: test documents scored per run.")
    int documents;

    @Override
    public Integer call() throws java.io.IOException {
      InferBench.Config defaults = InferBench.Config.defaults();
      if (bundle == null) return output.print(InferBench.run(benchDir(workDir), defaults));
      try (ModelBundle opened = BundleArgument.open(bundle, store)) {
        if (opened.vocabulary().size() == 0) {
          throw new picocli.CommandLine.ParameterException(spec.commandLine(),
              "bundle " + bundle + " is a baseline (no f-grams): pass a SCONE bundle");
        }
        return output.print(measure(opened, defaults));
      }
    }

    /** The bundle's model and table on the first {@code documents} of the corpus's test split. */
    private BenchResult measure(ModelBundle opened, InferBench.Config timing) throws java.io.IOException {
      try (LanguageModel model = opened.loadModel(Devices.preferred(), false)) {
        Tokenizer tokenizer = Tokenizers.byName(opened.manifest().tokenizer());
        List<int[]> docs = Corpora.load(corpus).documents(Split.TEST).stream().limit(documents)
            .map(d -> tokenizer.encode(d.text())).toList();
        return InferBench.run(model, opened.tokenIds(), opened.table(),
            FgramMatcher.build(opened.vocabulary()), docs, timing.warmups(), timing.runs());
      }
    }
  }

  @Command(name = "leak", mixinStandardHelpOptions = true,
      description = "RSS growth over 10,000 scoring iterations vs the same loop doing only the table gather.")
  static final class Leak implements Callable<Integer> {
    @Mixin Output output;

    @Option(names = "--work-dir", description = "Scratch directory (default: the scone cache's bench directory).")
    Path workDir;

    @Override
    public Integer call() throws java.io.IOException {
      return output.print(ScoringLeakBench.run(benchDir(workDir), ScoringLeakBench.Config.defaults()));
    }
  }
}
