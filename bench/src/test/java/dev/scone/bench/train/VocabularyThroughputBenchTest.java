package dev.scone.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.training.data.TokenCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vocabulary bench end to end on a generated corpus; no timing is asserted. */
class VocabularyThroughputBenchTest {

  @Test
  void comparesTheFullVocabularyWithTheCompactedOneOnTheSameTokens() {
    // Zipf-like: low ids frequent, so the compacted vocabulary keeps a few hundred of 1,000 ids.
    Random random = new Random(4);
    int vocab = 1_000;
    int documents = 20;
    int[] offsets = new int[documents + 1];
    List<String> ids = new ArrayList<>();
    int[] tokens = new int[documents * 300];
    for (int i = 0; i < tokens.length; i++) tokens[i] = (int) Math.min(vocab - 1, Math.floor(Math.exp(random.nextDouble() * 7)));
    for (int d = 0; d < documents; d++) {
      ids.add("doc-" + d);
      offsets[d + 1] = (d + 1) * 300;
    }
    TokenCorpus train = new TokenCorpus("test", vocab, ids, tokens, offsets);
    BenchResult r = VocabularyThroughputBench.run(train,
        new VocabularyThroughputBench.Setup(1, 32, 2, 16, 2, 2, 1, 5, List.of(50, 200), true));
    assertTrue(r.value() > 0 && r.baseline() > 0, r.toJson());
    assertEquals(vocab, r.figure("full_vocab_size"));
    assertTrue(r.figure("compact_vocab_size") < vocab, r.toJson());
    double share = r.figure("head_target_share");
    assertTrue(share > 0.3 && share < 1, r.toJson()); // ids below 50 hold ln 50 / 7 of the mass
    assertTrue(r.figure("full_softmax_tokens_per_s") > 0, r.toJson());
    assertTrue(Double.isFinite(r.figure("adaptive_final_loss")), r.toJson());
  }
}
