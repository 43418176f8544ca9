package dev.scone.bench.fgram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountingBenchesTest {
  private static final List<String> DOCS = List.of(
      "The quick brown fox jumps over the lazy dog. The quick brown fox sleeps.",
      "  Whitespace\truns\n\nand   tabs  ",
      "",
      "数据 流 😀 naïve café");

  private static double figure(BenchResult r, String prefix) {
    return r.figures().stream().filter(f -> f.name().startsWith(prefix)).findFirst().orElseThrow().value();
  }

  private static List<int[]> tokens() {
    return DOCS.stream().map(Gpt2Tokenizer.instance()::encode).toList();
  }

  @Test
  void tokenizeBenchCountsTheTokensAndWordsOfItsInput() throws Exception {
    long tokens = DOCS.stream().mapToLong(d -> Gpt2Tokenizer.instance().encode(d).length).sum();
    long words = DOCS.stream().flatMap(d -> java.util.Arrays.stream(d.split("\\s+"))).filter(w -> !w.isEmpty()).count();
    assertEquals(tokens, TokenizeBench.encodeAll(DOCS, Gpt2Tokenizer.instance()));
    assertEquals(words, TokenizeBench.splitAll(DOCS));

    BenchResult r = TokenizeBench.run(DOCS, JmhSmoke.SETTINGS);
    assertEquals(tokens, figure(r, "gpt2 tokens"));
    assertEquals(words, figure(r, "whitespace words"));
    JmhSmoke.assertContract(r, "tokenize", "tokens/s");
  }

  @Test
  void countBenchsMeasuredAndBaselineCountersAgree() {
    NgramCounter exact = CountBench.countExact(tokens(), Gpt2Tokenizer.VOCAB_SIZE, 4);
    Map<List<Integer>, Long> boxed = CountBench.countBoxed(tokens(), 4);
    assertEquals(boxed.size(), exact.size());
    boxed.forEach((ngram, count) ->
        assertEquals(count, exact.count(ngram.stream().mapToInt(Integer::intValue).toArray()), ngram.toString()));
  }

  @Test
  void countBenchReportsTheDistinctNgramsOfItsInput() throws Exception {
    BenchResult r = CountBench.run(DOCS, 4, JmhSmoke.SETTINGS, true);
    NgramCounter c = new NgramCounter(Gpt2Tokenizer.VOCAB_SIZE, 4);
    for (String d : DOCS) c.addDocument(Gpt2Tokenizer.instance().encode(d));
    assertEquals(c.size(), figure(r, "distinct n-grams"));
    assertEquals(c.occurrences(), figure(r, "n-gram occurrences"));
    assertEquals(c.bytesPerDistinctNgram(), figure(r, "bytes per distinct"), 1e-9);
    assertTrue(figure(r, "with tokenization") > 0 && figure(r, "pruned (min 5) rate") > 0, r.toTable());
    JmhSmoke.assertContract(r, "count", "n-grams/s");
  }

  @Test
  void benchesRefuseEmptyInput() {
    assertThrows(IllegalArgumentException.class, () -> CountBench.run(List.of(), 3, JmhSmoke.SETTINGS, false));
    assertThrows(IllegalArgumentException.class, () -> TokenizeBench.run(List.of(), JmhSmoke.SETTINGS));
  }
}
