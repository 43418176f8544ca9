package dev.scone.bench.fgram;

import static dev.scone.bench.fgram.JmhSideBySide.BASELINE;
import static dev.scone.bench.fgram.JmhSideBySide.MEASURED;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.counting.PrunedNgramCounter;
import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Exact n-gram counting (lengths {@code 2..maxN}) on one core, tokens prepared beforehand (JMH):
 * the primitive packed-key {@link NgramCounter} ({@link #measured}) side by side with a
 * straightforward {@code HashMap<List<Integer>, Long>} ({@link #baseline}) over the same tokens.
 * One JMH operation counts the whole corpus into a fresh table. Figures: distinct n-grams, bytes
 * per distinct n-gram, the pruned counter's kept n-grams and peak memory (pruned at {@link
 * #PRUNE_MIN_COUNT}); with {@code extras}, also the rate with tokenization included ({@link
 * #withTokenization}) and the pruned counter's rate ({@link #pruned}), measured in the same JMH run.
 *
 * <p>Rates count n-gram occurrences (positions), the same numerator for every figure. The
 * baseline holds every distinct n-gram as boxed objects: give the JVM a few GB of heap for a
 * corpus of millions of tokens (the forks inherit this JVM's {@code -Xmx}).
 */
@State(Scope.Benchmark)
public class CountBench {
  /** The paper's pruning threshold. */
  public static final long PRUNE_MIN_COUNT = 5;
  /** The timed figures {@code extras} adds. */
  static final List<String> EXTRAS = List.of("withTokenization", "pruned");

  /** What the forks measure: the documents, the tokenizer's name and the longest n-gram. */
  record Inputs(String[] documents, String tokenizer, int maxN) implements Serializable {}

  /** Path of the serialized {@link Inputs} ({@link JmhSideBySide#inputs}). */
  @Param(JmhSideBySide.NO_INPUTS) public String inputs;

  private List<String> documents;
  private Tokenizer tokenizer;
  private List<int[]> tokens;
  private int maxN;

  @Setup
  public void load() throws IOException {
    Inputs in = JmhSideBySide.inputs(inputs, Inputs.class);
    documents = List.of(in.documents());
    tokenizer = Tokenizers.byName(in.tokenizer());
    maxN = in.maxN();
    tokens = tokenizeAll(documents, tokenizer);
  }

  @Benchmark
  public NgramCounter measured() {
    return countExact(tokens, tokenizer.vocabSize(), maxN);
  }

  @Benchmark
  public Map<List<Integer>, Long> baseline() {
    return countBoxed(tokens, maxN);
  }

  @Benchmark
  public NgramCounter withTokenization() {
    return countExact(tokenizeAll(documents, tokenizer), tokenizer.vocabSize(), maxN);
  }

  @Benchmark
  public PrunedNgramCounter pruned() {
    return PrunedNgramCounter.count(tokens, tokenizer.vocabSize(), maxN, PRUNE_MIN_COUNT);
  }

  public static BenchResult run(List<String> documents, int maxN, JmhSideBySide.Settings settings, boolean extras)
      throws IOException {
    return run(documents, maxN, Gpt2Tokenizer.instance(), settings, extras);
  }

  public static BenchResult run(List<String> documents, int maxN, Tokenizer tokenizer, JmhSideBySide.Settings settings,
      boolean extras) throws IOException {
    if (documents.isEmpty()) throw new IllegalArgumentException("count bench needs at least one document");
    List<int[]> tokens = tokenizeAll(documents, tokenizer);
    int v = tokenizer.vocabSize();
    long ngrams = ngramPositions(tokens, maxN);
    NgramCounter exact = countExact(tokens, v, maxN);
    PrunedNgramCounter pruned = PrunedNgramCounter.count(tokens, v, maxN, PRUNE_MIN_COUNT);
    List<String> methods = new ArrayList<>(List.of(MEASURED, BASELINE));
    if (extras) methods.addAll(EXTRAS);
    JmhSideBySide.Scores s = JmhSideBySide.run(CountBench.class,
        new Inputs(documents.toArray(String[]::new), tokenizer.name(), maxN), settings, methods);
    List<BenchResult.Figure> figures = new ArrayList<>();
    if (extras) {
      figures.add(new BenchResult.Figure("with tokenization", ngrams * s.opsPerSecond("withTokenization"), "n-grams/s"));
    }
    figures.add(new BenchResult.Figure("n-gram occurrences (2.." + maxN + ")", ngrams, "n-grams"));
    figures.add(new BenchResult.Figure("distinct n-grams", exact.size(), "n-grams"));
    figures.add(new BenchResult.Figure("bytes per distinct n-gram", exact.bytesPerDistinctNgram(), "B"));
    figures.add(new BenchResult.Figure("exact table memory", exact.arrayBytes() / 1e6, "MB"));
    if (extras) {
      figures.add(new BenchResult.Figure("pruned (min " + PRUNE_MIN_COUNT + ") rate", ngrams * s.opsPerSecond("pruned"),
          "n-grams/s"));
    }
    figures.add(new BenchResult.Figure("pruned kept n-grams", pruned.size(), "n-grams"));
    figures.add(new BenchResult.Figure("pruned peak memory", pruned.peakArrayBytes() / 1e6, "MB"));
    figures.add(new BenchResult.Figure("pruned memory saved", 1 - (double) pruned.peakArrayBytes() / exact.arrayBytes(),
        "fraction"));
    figures.add(new BenchResult.Figure("tokens", tokens.stream().mapToLong(t -> t.length).sum(), "tokens"));
    figures.addAll(s.errorFigures(ngrams, ngrams, "n-grams/s"));
    return new BenchResult("count", ngrams * s.opsPerSecond(MEASURED), "n-grams/s", "HashMap<List<Integer>,Long>",
        ngrams * s.opsPerSecond(BASELINE), figures);
  }

  private static List<int[]> tokenizeAll(List<String> documents, Tokenizer tokenizer) {
    List<int[]> out = new ArrayList<>(documents.size());
    for (String d : documents) out.add(tokenizer.encode(d));
    return out;
  }

  private static long ngramPositions(List<int[]> docs, int maxN) {
    long n = 0;
    for (int[] d : docs) for (int len = 2; len <= maxN; len++) n += Math.max(0, d.length - len + 1);
    return n;
  }

  static NgramCounter countExact(List<int[]> docs, int v, int maxN) {
    NgramCounter c = new NgramCounter(v, maxN);
    for (int[] d : docs) c.addDocument(d);
    return c;
  }

  /** The baseline: a new boxed list per occurrence as the key, as straightforward code does. */
  static Map<List<Integer>, Long> countBoxed(List<int[]> docs, int maxN) {
    Map<List<Integer>, Long> counts = new HashMap<>();
    for (int[] d : docs) {
      for (int i = 0; i < d.length; i++) {
        for (int n = 2; n <= maxN && i + n <= d.length; n++) {
          List<Integer> key = new ArrayList<>(n);
          for (int j = 0; j < n; j++) key.add(d[i + j]);
          counts.merge(key, 1L, Long::sum);
        }
      }
    }
    return counts;
  }
}
