package dev.scone.training.data;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Small, repetitive corpora for tests: the real classes on data a tiny model can learn. */
public final class TinyCorpora {

  /** The test "tokenizer"'s V: ids 0..63, of which the phrases use about 20. */
  public static final int V = 64;
  public static final int MAX_N = 3;

  private static final int[][] PHRASES = {
      {5, 6, 7, 8}, {9, 10, 11}, {12, 13, 14, 15, 16}, {5, 6, 20}, {21, 22}, {30, 31, 32, 33}};

  private TinyCorpora() {}

  /** Documents made of random phrases (so n-grams repeat), with a rare token now and then. */
  public static TokenCorpus phrases(long seed, int documents, int tokensPerDocument) {
    Random random = new Random(seed);
    List<String> ids = new ArrayList<>();
    int[] offsets = new int[documents + 1];
    int[] tokens = new int[documents * tokensPerDocument];
    int n = 0;
    for (int d = 0; d < documents; d++) {
      ids.add("doc" + d);
      while (n < (d + 1) * tokensPerDocument) {
        if (random.nextInt(50) == 0) {
          tokens[n++] = 40 + random.nextInt(20); // rare tokens: some never seen in training
          continue;
        }
        for (int t : PHRASES[random.nextInt(PHRASES.length)]) {
          if (n < (d + 1) * tokensPerDocument) tokens[n++] = t;
        }
      }
      offsets[d + 1] = n;
    }
    return new TokenCorpus("test", V, ids, tokens, offsets);
  }

  /** The top {@code size} n-grams (2..3) of the corpus, counted per document, min count 2. */
  public static FgramVocabulary fgrams(TokenCorpus corpus, int size) {
    NgramCounter counter = new NgramCounter(V, MAX_N);
    for (int d = 0; d < corpus.documents(); d++) counter.addDocument(corpus.tokens(d));
    return new FgramSelector(size, 2).select(counter, new FgramVocabulary.Meta("test", V, MAX_N, 1));
  }

  /** The reference longest match, by brute force: per document, longest suffix in F. */
  public static int[] bruteForceRows(TokenCorpus corpus, FgramVocabulary fgrams) {
    int[] rows = new int[corpus.size()];
    for (int d = 0; d < corpus.documents(); d++) {
      int[] doc = corpus.tokens(d);
      for (int i = 0; i < doc.length; i++) {
        int row = doc[i];
        for (int k = Math.min(MAX_N, i + 1); k >= 2 && row == doc[i]; k--) {
          int[] suffix = Arrays.copyOfRange(doc, i - k + 1, i + 1);
          for (int id = 0; id < fgrams.size(); id++) {
            if (Arrays.equals(fgrams.tokens(id), suffix)) {
              row = V + id;
              break;
            }
          }
        }
        rows[corpus.start(d) + i] = row;
      }
    }
    return rows;
  }
}
