package dev.scone.bench.fgram;

import static dev.scone.bench.fgram.JmhSideBySide.BASELINE;
import static dev.scone.bench.fgram.JmhSideBySide.MEASURED;

import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Tokenizer throughput on one thread (JMH): GPT-2 BPE tokens per second ({@link #measured}), side
 * by side with a naive whitespace split ({@code \s+}, {@link #baseline}) over the same documents.
 * One JMH operation is one pass over all documents; {@link #run} turns operations per second into
 * tokens (words) per second. The split does far less work (no byte encoding, no merges, no ids),
 * so the ratio says what subword tokenization costs over the cheapest possible word split.
 */
@State(Scope.Benchmark)
public class TokenizeBench {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** What the forks measure: the documents and the tokenizer's name. */
  record Inputs(String[] documents, String tokenizer) implements Serializable {}

  /** Path of the serialized {@link Inputs} ({@link JmhSideBySide#inputs}). */
  @Param(JmhSideBySide.NO_INPUTS) public String inputs;

  private List<String> documents;
  private Tokenizer tokenizer;

  @Setup
  public void load() throws IOException {
    Inputs in = JmhSideBySide.inputs(inputs, Inputs.class);
    documents = List.of(in.documents());
    tokenizer = Tokenizers.byName(in.tokenizer());
  }

  @Benchmark
  public long measured() {
    return encodeAll(documents, tokenizer);
  }

  @Benchmark
  public long baseline() {
    return splitAll(documents);
  }

  /** Measures the default tokenizer (GPT-2) on {@code documents}. */
  public static BenchResult run(List<String> documents, JmhSideBySide.Settings settings) throws IOException {
    return run(documents, Gpt2Tokenizer.instance(), settings);
  }

  public static BenchResult run(List<String> documents, Tokenizer tokenizer, JmhSideBySide.Settings settings)
      throws IOException {
    if (documents.isEmpty()) throw new IllegalArgumentException("tokenize bench needs at least one document");
    long bytes = 0;
    for (String d : documents) bytes += d.getBytes(StandardCharsets.UTF_8).length;
    long tokens = encodeAll(documents, tokenizer);
    long words = splitAll(documents);
    JmhSideBySide.Scores s = JmhSideBySide.run(TokenizeBench.class,
        new Inputs(documents.toArray(String[]::new), tokenizer.name()), settings, List.of(MEASURED, BASELINE));
    double perSecond = s.opsPerSecond(MEASURED);
    double baselinePerSecond = s.opsPerSecond(BASELINE);
    double mb = bytes / 1e6;
    List<BenchResult.Figure> figures = new ArrayList<>(List.of(
        new BenchResult.Figure(tokenizer.name() + " text rate", mb * perSecond, "MB/s"),
        new BenchResult.Figure("whitespace split text rate", mb * baselinePerSecond, "MB/s"),
        new BenchResult.Figure(tokenizer.name() + " tokens", tokens, "tokens"),
        new BenchResult.Figure("whitespace words", words, "words"),
        new BenchResult.Figure("text", mb, "MB (UTF-8)"),
        new BenchResult.Figure("documents", documents.size(), "documents")));
    figures.addAll(s.errorFigures(tokens, words, "tokens/s"));
    return new BenchResult("tokenize", tokens * perSecond, "tokens/s", "whitespace split \\s+",
        words * baselinePerSecond, figures);
  }

  static long encodeAll(List<String> documents, Tokenizer tokenizer) {
    long n = 0;
    for (String d : documents) n += tokenizer.encode(d).length;
    return n;
  }

  /** The baseline tokenizer: split on whitespace runs, count the non-empty pieces. */
  static long splitAll(List<String> documents) {
    long n = 0;
    for (String d : documents) {
      for (String w : WHITESPACE.split(d)) if (!w.isEmpty()) n++;
    }
    return n;
  }
}
