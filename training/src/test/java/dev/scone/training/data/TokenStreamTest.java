package dev.scone.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.SconeBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenStreamTest {

  @Test
  void windowsSliceInputsAndNextTokenTargetsInModelIds() {
    TokenCorpus corpus = TinyCorpora.phrases(1, 3, 100);
    ModelVocabulary vocab = ModelVocabulary.fromCounts(corpus, 1);
    TokenStream stream = TokenStream.baseline(corpus, vocab);
    assertFalse(stream.readsFgrams());
    int[] all = corpus.tokens();
    int[] starts = {0, 57, 299 - 9};
    WindowBatch batch = stream.batch(starts, 8);
    assertEquals(3, batch.batch());
    assertEquals(8, batch.time());
    for (int w = 0; w < starts.length; w++) {
      for (int j = 0; j < 8; j++) {
        assertEquals(vocab.toModel(all[starts[w] + j + 1]), batch.targets()[w * 8 + j]);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> stream.batch(new int[] {300 - 8}, 8));
  }

  @Test
  void sconeRowsBecomeModelRowsAndFgramTokensModelIds() {
    TokenCorpus corpus = TinyCorpora.phrases(2, 4, 120);
    FgramVocabulary fgrams = TinyCorpora.fgrams(corpus, 6);
    ModelVocabulary vocab = ModelVocabulary.fromCounts(corpus, 1);
    int[] rows = TinyCorpora.bruteForceRows(corpus, fgrams);
    TokenStream stream = TokenStream.scone(corpus, vocab, fgrams, rows);
    assertTrue(stream.readsFgrams());
    RowSpace space = new RowSpace(vocab);
    // Reference: the batch SconeBatch.of builds from model-space rows and compacted f-grams.
    int[] starts = {0, 130, 469};
    int time = 10;
    int[] tokens = new int[starts.length * time];
    int[] modelRows = new int[tokens.length];
    int[] all = corpus.tokens();
    for (int w = 0; w < starts.length; w++) {
      for (int j = 0; j < time; j++) {
        tokens[w * time + j] = vocab.toModel(all[starts[w] + j]);
        modelRows[w * time + j] = space.toModel(rows[starts[w] + j]);
      }
    }
    SconeBatch expected = SconeBatch.of(tokens, modelRows, starts.length, time, vocab.size(),
        TinyCorpora.MAX_N, id -> vocab.toModel(fgrams.tokens(id)));
    SconeBatch actual = stream.batch(starts, time).inputs();
    assertTrue(actual.uniqueFgrams() > 0, "the phrases produce f-gram matches");
    assertEquals(expected.uniqueFgrams(), actual.uniqueFgrams());
    for (int u = 0; u < actual.uniqueFgrams(); u++) assertEquals(expected.fgramId(u), actual.fgramId(u));
  }

  @Test
  void rowsThatContradictTheTokensAreRefused() {
    TokenCorpus corpus = TinyCorpora.phrases(3, 2, 50);
    FgramVocabulary fgrams = TinyCorpora.fgrams(corpus, 4);
    ModelVocabulary vocab = ModelVocabulary.fromCounts(corpus, 1);
    int[] rows = corpus.tokens();
    rows[7] = (rows[7] + 1) % TinyCorpora.V;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenStream.scone(corpus, vocab, fgrams, rows));
    assertTrue(e.getMessage().contains("position 7"), e.getMessage());
    int[] tooFar = corpus.tokens();
    tooFar[3] = TinyCorpora.V + fgrams.size();
    assertThrows(IllegalArgumentException.class, () -> TokenStream.scone(corpus, vocab, fgrams, tooFar));
  }

  @Test
  void unseenTokensAreCountedAsUnknown() {
    TokenCorpus train = new TokenCorpus("test", 10, List.of("a"), new int[] {1, 2, 3, 1}, new int[] {0, 4});
    TokenCorpus held = new TokenCorpus("test", 10, List.of("b"), new int[] {1, 9, 9, 2}, new int[] {0, 4});
    ModelVocabulary vocab = ModelVocabulary.fromCounts(train, 1);
    TokenStream stream = TokenStream.baseline(held, vocab);
    assertEquals(2, stream.unknownTokens());
    assertArrayEquals(new int[] {0, 3, 3, 1}, stream.tokens());
  }

  @Test
  void matcherRowsEqualTheBruteForceReferenceAndNeverCrossDocuments() {
    TokenCorpus corpus = TinyCorpora.phrases(4, 5, 97); // documents end mid-phrase
    FgramVocabulary fgrams = TinyCorpora.fgrams(corpus, 12);
    assertArrayEquals(TinyCorpora.bruteForceRows(corpus, fgrams), TokenStream.fgramRows(corpus, fgrams));
    // F-grams split by a boundary: [5, 6] ends document x, [7] starts document y.
    TokenCorpus split = new TokenCorpus("test", TinyCorpora.V, List.of("x", "y"),
        new int[] {5, 6, 7, 8, 5, 6, 7, 8, 5, 6}, new int[] {0, 6, 10});
    FgramVocabulary f = FgramVocabulary.of(new FgramVocabulary.Meta("test", TinyCorpora.V, 3, 1),
        List.of(new int[] {5, 6}, new int[] {6, 7}, new int[] {5, 6, 7}), new long[] {9, 8, 7});
    int v = TinyCorpora.V;
    assertArrayEquals(new int[] {5, v, v + 2, 8, 5, v, /* document y */ 7, 8, 5, v},
        TokenStream.fgramRows(split, f));
  }
}
