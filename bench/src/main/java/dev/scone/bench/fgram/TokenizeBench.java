package dev.scone.bench.fgram;

import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import dev.scone.fgram.tokenize.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tokenizer throughput on one thread: GPT-2 BPE tokens per second, side by side with a naive
 * whitespace split ({@code \s+}) over the same documents. The split does far less work (no byte
 * encoding, no merges, no ids), so the ratio says what subword tokenization costs over the
 * cheapest possible word split.
 */
public final class TokenizeBench {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final int WARMUPS = 2;
  private static final int RUNS = 5;

  private TokenizeBench() {}

  /** Measures the default tokenizer (GPT-2) on {@code documents}. */
  public static BenchResult run(List<String> documents) {
    return run(documents, Gpt2Tokenizer.instance());
  }

  public static BenchResult run(List<String> documents, Tokenizer tokenizer) {
    if (documents.isEmpty()) throw new IllegalArgumentException("tokenize bench needs at least one document");
    long bytes = 0;
    for (String d : documents) bytes += d.getBytes(StandardCharsets.UTF_8).length;
    long tokens = encodeAll(documents, tokenizer);
    long words = splitAll(documents);
    double[] s = BenchTimer.sideBySide(WARMUPS, RUNS, () -> encodeAll(documents, tokenizer), () -> splitAll(documents));
    double mb = bytes / 1e6;
    return new BenchResult(
        "tokenize", tokens / s[0], "tokens/s", "whitespace split \\s+", words / s[1],
        List.of(
            new BenchResult.Figure(tokenizer.name() + " text rate", mb / s[0], "MB/s"),
            new BenchResult.Figure("whitespace split text rate", mb / s[1], "MB/s"),
            new BenchResult.Figure(tokenizer.name() + " tokens", tokens, "tokens"),
            new BenchResult.Figure("whitespace words", words, "words"),
            new BenchResult.Figure("text", mb, "MB (UTF-8)"),
            new BenchResult.Figure("documents", documents.size(), "documents")));
  }

  private static long encodeAll(List<String> documents, Tokenizer tokenizer) {
    long n = 0;
    for (String d : documents) n += tokenizer.encode(d).length;
    return n;
  }

  /** The baseline tokenizer: split on whitespace runs, count the non-empty pieces. */
  private static long splitAll(List<String> documents) {
    long n = 0;
    for (String d : documents) {
      for (String w : WHITESPACE.split(d)) if (!w.isEmpty()) n++;
    }
    return n;
  }
}
