package dev.scone.bench;

import dev.scone.bench.scale.ScratchDir;
import dev.scone.bench.scale.SyntheticFgrams;
import dev.scone.bench.scale.TableScaleBench;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.Split;
import dev.scone.training.data.ModelVocabulary;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scone bench table-scale}: SCONE served from a table larger than RAM vs the baseline, on
 * the corpus's test split, with f-grams from its training split padded with synthetic ones.
 */
@Command(name = "table-scale", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {
      "SCONE from a table larger than RAM vs the baseline.",
      "Writes a synthetic table (--dtype; token rows, then seeded random f-gram rows) of --table-gib and its "
          + "match.index (the training split's 2..5-grams padded with generated f-grams), checking free disk first. "
          + "For each read path (prefetch+cache, no prefetch, no cache, plain mapping) it drops the page cache "
          + "(as root; the output says if refused) and scores the test split through tokenize, longest match, "
          + "gather and a random d=128 model's forward, interleaved with the baseline on the same model. "
          + "Removes what it wrote at the end, also on failure or Ctrl-C."
    })
public final class TableScaleBenchCommand implements Callable<Integer> {
  /** d = 128: a float32 row is 512 B. Two layers, four heads, context 256, random weights. */
  private static final int D_MODEL = 128;
  /** Training's default minimum count of a token with its own model id. */
  private static final int MIN_TOKEN_COUNT = 2;

  @Mixin BenchCommand.Output output;
  @Mixin BenchCommand.CorpusText corpus;

  @Option(names = "--table-gib", defaultValue = "48", description = "Size of the table, GiB (at least twice RAM to mean it).")
  double tableGib;

  @Option(names = "--dtype", defaultValue = "float32",
      description = "How the table stores its values: float32, float16 or int8 (one float32 scale per row).")
  String dtype;

  @Option(names = "--layout", defaultValue = "front", description = "Where the real f-grams' rows lie: front (count"
      + " order: the hot rows together at the start) or scattered (evenly over the whole file: a page per hot row).")
  String layout;

  @Option(names = "--cache-mib", defaultValue = "512", description = "The Caffeine tier's budget, MiB, where a variant has one.")
  long cacheMib;

  @Option(names = "--prefetch-threads", defaultValue = "16", description = "Prefetch pool size, where a variant has one.")
  int prefetchThreads;

  @Option(names = "--advice", split = ",", defaultValue = "readaround", description = "How page faults of the table"
      + " and the index's tables read, each in turn for every variant: readaround (the kernel's 128 KiB around a"
      + " fault) and/or random (madvise(RANDOM): the page only; figures say +random).")
  List<String> advice;

  @Option(names = "--seconds", defaultValue = "90", description = "Scoring time per variant, s.")
  double seconds;

  @Option(names = "--curve-seconds", defaultValue = "60", description = "The plotted first stretch, s; steady state follows.")
  double curveSeconds;

  @Option(names = "--bin-seconds", defaultValue = "5", description = "Width of a point of the curve, s.")
  double binSeconds;

  @Option(names = "--piece-tokens", defaultValue = "256", description = "Text is scored in pieces of this many tokens.")
  int pieceTokens;

  @Option(names = "--order", split = ",", defaultValue = "prefetch+cache,no_prefetch,no_cache,plain_mapping",
      description = "The variants in the order they run (each at most once; leave some out to save time; "
          + "madvise_prefetch: no cache, rows paged in by madvise(WILLNEED) instead of the pool).")
  List<String> order;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the table goes; unset: the JVM's temporary directory.")
  Path dir;

  @Option(names = "--plot", paramLabel = "PNG", description = "The first-minute curve. Default: <scone cache>/bench/table-scale.png.")
  Path plot;

  @Override
  public Integer call() throws Exception {
    Corpus c = Corpora.load(corpus.corpus);
    Gpt2Tokenizer tokenizer = Gpt2Tokenizer.instance();
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), 5);
    long[] tokenCounts = new long[tokenizer.vocabSize()];
    for (Document d : c.documents(Split.TRAIN)) {
      int[] tokens = tokenizer.encode(d.text());
      counter.addDocument(tokens);
      for (int t : tokens) tokenCounts[t]++;
    }
    long tableBytes = (long) (tableGib * (1L << 30));
    EmbeddingDtype storage = EmbeddingDtype.valueOf(dtype.toUpperCase(Locale.ROOT));
    long rowBytes = TableScaleBench.rowBytes(storage, D_MODEL);
    int fgrams = (int) Math.max(1, Math.min(Integer.MAX_VALUE - 1, tableBytes / rowBytes - tokenizer.vocabSize()));
    FgramVocabulary real = new FgramSelector(fgrams, 1)
        .select(counter, new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), 5, 0));
    List<int[]> test = c.documents(Split.TEST).stream().map(d -> tokenizer.encode(d.text())).toList();
    Path parent = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    Path png = plot != null ? plot : BenchCommand.benchDir(null).resolve("table-scale.png");
    return output.print(TableScaleBench.run(test, real, modelVocabulary(tokenizer, tokenCounts), new TableScaleBench.Config(parent,
        tableBytes, storage, SyntheticFgrams.Layout.of(layout), D_MODEL, 2, 4, 256, cacheMib << 20, prefetchThreads,
        advice.stream().map(TableScaleBench.Advice::of).toList(), pieceTokens, seconds,
        curveSeconds, binSeconds, ScratchDir.DEFAULT_RESERVE_BYTES, png, true,
        order.stream().map(TableScaleBench.Variant::of).toList(), 18)));
  }

  /** As training compacts it: the training split's tokens seen at least {@code MIN_TOKEN_COUNT} times, plus UNK. */
  private static ModelVocabulary modelVocabulary(Gpt2Tokenizer tokenizer, long[] counts) {
    int[] kept = IntStream.range(0, counts.length).filter(t -> counts[t] >= MIN_TOKEN_COUNT).toArray();
    return new ModelVocabulary(tokenizer.name(), tokenizer.vocabSize(), MIN_TOKEN_COUNT, kept);
  }
}
