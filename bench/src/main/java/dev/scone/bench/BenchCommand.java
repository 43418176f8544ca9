package dev.scone.bench;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.fgram.CountBench;
import dev.scone.bench.fgram.GatherBench;
import dev.scone.bench.fgram.JmhSideBySide;
import dev.scone.bench.fgram.MatchBench;
import dev.scone.bench.fgram.TokenizeBench;
import dev.scone.bench.infer.InferBench;
import dev.scone.bench.infer.PrefixBench;
import dev.scone.bench.infer.ScoringLeakBench;
import dev.scone.cli.BundleArgument;
import dev.scone.cli.CliConventions;
import dev.scone.cli.CorpusName;
import dev.scone.cli.FgramOptions;
import dev.scone.cli.StoreOption;
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
 * The micro-benchmarks (tokenize, count, match, gather) are JMH benchmarks run in one JMH
 * invocation per subcommand ({@link JmhSideBySide}); JMH's progress goes to stderr.
 */
@Command(
    name = "scone bench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Run a benchmark against its baseline, side by side in one run.",
    footer = {"", "Exit codes: 0 done, 1 the benchmark failed, 2 bad arguments, 130 interrupted."},
    subcommands = {BenchCommand.Tokenize.class, BenchCommand.Count.class, BenchCommand.Match.class,
      BenchCommand.Gather.class, BenchCommand.Infer.class, BenchCommand.Prefix.class, BenchCommand.Leak.class,
      CountStreamBenchCommand.class, ServeBenchCommand.class, RecycleBenchCommand.class, MatchScaleBenchCommand.class,
      PrecomputeBenchCommand.class, PrecomputeKillBenchCommand.class, GatherColdBenchCommand.class, TableScaleBenchCommand.class,
      TrainBenchCommand.class})
public final class BenchCommand implements Callable<Integer> {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Without a benchmark: a usage error. */
  @Override
  public Integer call() {
    return CliConventions.missingCommand(spec);
  }

  /** The bench command line with the scone CLI's exit codes and error lines: what {@link #main} runs, and tests. */
  public static picocli.CommandLine commandLine() {
    return CliConventions.applyTo(new picocli.CommandLine(new BenchCommand()));
  }

  /** {@code ./scone bench ...} runs this, from the bench module's classpath. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
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

  /** JMH's forks and iterations, for the micro-benchmarks (tokenize, count, match, gather). */
  static final class Jmh {
    @Option(names = "--forks", defaultValue = "1",
        description = "JMH forks per benchmark method; 0 runs in this JVM.")
    int forks;

    @Option(names = "--warmup-iterations", defaultValue = "2", description = "JMH warm-up iterations.")
    int warmupIterations;

    @Option(names = "--warmup-ms", defaultValue = "1000", description = "Length of a warm-up iteration (ms).")
    long warmupMillis;

    @Option(names = "--iterations", defaultValue = "3", description = "JMH measured iterations.")
    int iterations;

    @Option(names = "--iteration-ms", defaultValue = "1000", description = "Length of a measured iteration (ms).")
    long iterationMillis;

    JmhSideBySide.Settings settings() {
      return new JmhSideBySide.Settings(forks, warmupIterations, warmupMillis, iterations, iterationMillis);
    }
  }

  /** {@code --corpus}: whose text a benchmark runs on. */
  static final class CorpusText {
    @Option(names = "--corpus", defaultValue = CorpusName.DEFAULT, converter = CorpusName.class,
        description = "Corpus whose text is measured: " + CorpusName.ACCEPTED + ".")
    String corpus;

    List<String> texts() throws java.io.IOException {
      return Corpora.load(corpus).documents().stream().map(Document::text).toList();
    }
  }

  @Command(name = "tokenize", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {"GPT-2 BPE tokenizing vs a whitespace split.",
          "Tokens/s on one thread, JMH, side by side in one run."})
  static final class Tokenize implements Callable<Integer> {
    @Mixin Output output;
    @Mixin CorpusText corpus;
    @Mixin Jmh jmh;

    @Override
    public Integer call() throws java.io.IOException {
      return output.print(TokenizeBench.run(corpus.texts(), jmh.settings()));
    }
  }

  @Command(name = "count", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {
        "Exact n-gram counting vs a HashMap counter.",
        "Exact 2..maxN n-gram counting on one core vs a HashMap<List<Integer>,Long> counter (JMH). "
            + "One operation counts the whole corpus: the baseline takes ~10 s per operation on SOTU."
      })
  static final class Count implements Callable<Integer> {
    @Mixin Output output;
    @Mixin CorpusText corpus;
    @Mixin Jmh jmh;

    @Option(names = "--extras", description = "Also time counting with tokenization and the pruned counter.")
    boolean extras;

    @Option(names = "--max-n", defaultValue = "5", description = "Longest f-gram, n.")
    int maxN;

    @Override
    public Integer call() throws java.io.IOException {
      return output.print(CountBench.run(corpus.texts(), maxN, jmh.settings(), extras));
    }
  }

  @Command(name = "match", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {
        "Longest-match lookup vs a HashMap matcher.",
        "Longest-match rows on one thread vs a HashMap<List<Integer>,Integer> matcher (JMH). "
            + "|F| f-grams are selected from the same corpus (top |F| 2..maxN-grams, any count)."
      })
  static final class Match implements Callable<Integer> {
    @Mixin Output output;
    @Mixin CorpusText corpus;
    @Mixin Jmh jmh;

    @Option(names = "--fgrams", defaultValue = FgramOptions.DEFAULT_FGRAMS, paramLabel = "S",
        description = "f-grams in the matcher, |F| (docs/BENCHMARKS.md's figures are for 1000000).")
    int fgrams;

    @Option(names = "--max-n", defaultValue = "5", description = "Longest f-gram, n.")
    int maxN;

    @Override
    public Integer call() throws java.io.IOException {
      Gpt2Tokenizer tokenizer = Gpt2Tokenizer.instance();
      int[][] documents = corpus.texts().stream().map(tokenizer::encode).toArray(int[][]::new);
      NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), maxN);
      for (int[] doc : documents) counter.addDocument(doc);
      FgramVocabulary vocab = new FgramSelector(fgrams, 1)
          .select(counter, new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), maxN, 0));
      return output.print(MatchBench.run(documents, vocab, jmh.settings()));
    }
  }

  @Command(name = "gather", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {
        "Gathering table rows from a mapped file vs from the heap.",
        "Measured with JMH. "
            + "Zipf-random rows of a >= 1 GiB fp32 table into a direct buffer, vs System.arraycopy of the same "
            + "rows from an on-heap float[] of the same size; with --extras also the Caffeine cache in front "
            + "(fp32, int8)."
      })
  static final class Gather implements Callable<Integer> {
    @Mixin Output output;
    @Mixin Jmh jmh;

    @Option(names = "--extras", description = "Also time the Caffeine-cached gathers (fp32, int8) and the plain int8 one.")
    boolean extras;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the 1 GiB bench tables are built and reused."
        + " Default: <scone cache>/bench.")
    Path workDir;

    @Override
    public Integer call() throws java.io.IOException {
      return output.print(GatherBench.run(benchDir(workDir), jmh.settings(), extras));
    }
  }

  /** Scratch directory for benchmarks that write their own tables. */
  static Path benchDir(Path override) {
    return override != null ? override : SconeCache.root().resolve("bench");
  }

  @Command(name = "prefix", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {
        "Serving's prefix cache on vs off, same requests.",
        "Score requests in micro-batches on one SCONE model and table (random weights): a workload where 80% of "
            + "each request is a shared prefix, and one with no sharing, each with the default prefix cache and "
            + "without it, side by side."
      })
  static final class Prefix implements Callable<Integer> {
    @Mixin Output output;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Scratch directory. Default: <scone cache>/bench.")
    Path workDir;

    @Override
    public Integer call() throws java.io.IOException {
      return output.print(PrefixBench.run(benchDir(workDir), PrefixBench.Config.defaults()));
    }
  }

  @Command(name = "infer", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {
        "Scoring speed of SCONE vs the baseline, same main model.",
        "SCONE's matcher and table gather are included. Without --bundle both use one randomly "
            + "initialised model and table; with it, a trained SCONE bundle's model and table score the "
            + "corpus's test split, against the same model reading its own token embedding."
      })
  static final class Infer implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin Output output;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Scratch directory. Default: <scone cache>/bench.")
    Path workDir;

    @Option(names = "--bundle", paramLabel = BundleArgument.LABEL,
        description = "A trained SCONE bundle: a bundle directory, a version in the store, or latest (the newest there).")
    String bundle;

    @Mixin StoreOption store;

    @Option(names = "--corpus", defaultValue = CorpusName.DEFAULT, converter = CorpusName.class,
        description = "With --bundle: whose test split is scored.")
    String corpus;

    @Option(names = "--documents", defaultValue = "8", description = "With --bundle: test documents scored per run.")
    int documents;

    @Override
    public Integer call() throws java.io.IOException {
      InferBench.Config defaults = InferBench.Config.defaults();
      if (bundle == null) return output.print(InferBench.run(benchDir(workDir), defaults));
      try (ModelBundle opened = BundleArgument.open(spec, bundle, store.root())) {
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

  @Command(name = "leak", mixinStandardHelpOptions = true, showDefaultValues = true,
      description = {"Memory growth of scoring vs the table gather alone.",
          "RSS growth over 10,000 scoring iterations vs the same loop doing only the table gather."})
  static final class Leak implements Callable<Integer> {
    @Mixin Output output;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Scratch directory. Default: <scone cache>/bench.")
    Path workDir;

    @Override
    public Integer call() throws java.io.IOException {
      return output.print(ScoringLeakBench.run(benchDir(workDir), ScoringLeakBench.Config.defaults()));
    }
  }
}
