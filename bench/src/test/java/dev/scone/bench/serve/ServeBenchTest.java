package dev.scone.bench.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ServeBenchTest {

  @Test
  void requestTextsAreJsonStringsOfAboutTheAskedTokens() throws Exception {
    Tokenizer gpt2 = Tokenizers.byName("gpt2");
    ServeBench.Texts texts = ServeBench.texts(gpt2, 128, 16, new SplittableRandom(1));
    assertEquals(16, texts.json().size());
    ObjectMapper json = new ObjectMapper();
    long total = 0;
    for (byte[] b : texts.json()) {
      int n = gpt2.encode(json.readTree(b).textValue()).length;
      assertTrue(n >= 120 && n <= 136, "tokens: " + n);
      total += n;
    }
    assertEquals(total / 16.0, texts.meanTokens(), 1e-9);
  }

  @Test
  void nearestRankQuantileMatchesSortingByHand() {
    double[] sorted = new double[100];
    for (int i = 0; i < 100; i++) sorted[i] = i + 1;
    assertEquals(50, LoadPhase.quantile(sorted, 0.5));
    assertEquals(99, LoadPhase.quantile(sorted, 0.99));
    assertEquals(1, LoadPhase.quantile(new double[] {1}, 0.99));
    assertTrue(Double.isNaN(LoadPhase.quantile(new double[0], 0.5)));
  }

  @Test
  void randomFgramsAreDistinctAndInRankOrder() {
    var vocab = BenchBundles.randomFgrams(new SplittableRandom(3), 8192, 500);
    assertEquals(500, vocab.size());
    assertEquals(5, vocab.meta().maxN());
  }
}
