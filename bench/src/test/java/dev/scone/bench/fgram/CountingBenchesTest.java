package dev.scone.bench.fgram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import java.util.List;
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

  @Test
  void tokenizeBenchCountsTheTokensAndWordsOfItsInput() {
    BenchResult r = TokenizeBench.run(DOCS);
    long tokens = DOCS.stream().mapToLong(d -> Gpt2Tokenizer.instance().encode(d).length).sum();
    long words = DOCS.stream().flatMap(d -> java.util.Arrays.stream(d.split("\\s+"))).filter(w -> !w.isEmpty()).count();
    assertEquals(tokens, figure(r, "gpt2 tokens"));
    assertEquals(words, figure(r, "whitespace words"));
    assertTrue(r.value() > 0 && r.baseline() > 0);
    assertEquals("tokenize", r.bench());
  }

  @Test
  void countBenchReportsTheDistinctNgramsOfItsInput() {
    BenchResult r = CountBench.run(DOCS, 4);
    NgramCounter c = new NgramCounter(Gpt2Tokenizer.VOCAB_SIZE, 4);
    for (String d : DOCS) c.addDocument(Gpt2Tokenizer.instance().encode(d));
    assertEquals(c.size(), figure(r, "distinct n-grams"));
    assertEquals(c.occurrences(), figure(r, "n-gram occurrences"));
    assertEquals(c.bytesPerDistinctNgram(), figure(r, "bytes per distinct"), 1e-9);
    assertTrue(r.value() > 0 && r.baseline() > 0);
    assertTrue(r.toJson().contains("\"bench\":\"count\""));
  }

  @Test
  void benchesRefuseEmptyInput() {
    assertThrows(IllegalArgumentException.class, () -> CountBench.run(List.of(), 3));
    assertThrows(IllegalArgumentException.class, () -> TokenizeBench.run(List.of()));
  }
}
