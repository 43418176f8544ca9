package dev.scone.jobs.count;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.List;
import java.util.Random;

/** The reference the jobs are held to: fgram-index's exact batch counter and selector. */
final class BatchReference {
  private static final String[] WORDS = {
    "the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "far", "away", "from", "home",
    "\n", ",", ".", "naïve", "café", "日本", "🙂", "over", "under", "it", "is"
  };

  private BatchReference() {}

  /** F selected from exact counts of {@code documents} (GPT-2 tokens, version 0). */
  static FgramVocabulary select(List<String> documents, int maxN, int fgrams, long minCount) {
    Tokenizer tokenizer = Tokenizers.byName("gpt2");
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), maxN);
    for (String t : documents) counter.addDocument(tokenizer.encode(t));
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), maxN, 0);
    return new FgramSelector(fgrams, minCount).select(counter, meta);
  }

  /** Words from a small list, skewed so some n-grams repeat often and many are rare. */
  static String randomText(Random random, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      int w = (int) (WORDS.length * Math.pow(random.nextDouble(), 2));
      sb.append(WORDS[w]).append(' ');
    }
    return sb.toString();
  }

  /** The first rows of {@code v}, for failure messages. */
  static String describe(FgramVocabulary v) {
    StringBuilder sb = new StringBuilder(v.toString());
    for (int i = 0; i < Math.min(8, v.size()); i++) {
      sb.append(' ').append(java.util.Arrays.toString(v.tokens(i))).append('x').append(v.count(i));
    }
    return sb.toString();
  }
}
