package dev.scone.chaos;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.bundle.BundleRef;
import dev.scone.training.bundle.SampleBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random documents for the counting drills, and the reference every run is held to: the f-grams
 * fgram-index's exact batch counter and selector pick from the same documents.
 */
public final class DrillCorpus {
  private static final String[] WORDS = {
    "the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "far", "away", "from", "home",
    ",", ".", "naïve", "café", "日本", "🙂", "over", "under", "it", "is"
  };

  private DrillCorpus() {}

  /** The served model's context, in tokens. */
  public static final int CONTEXT = 32;

  /**
   * Publishes the bundle the drills serve into {@code store}: a {@link SampleBundle} over 20 of
   * these documents, drawn from {@code seed}, with their top 30 2..3-grams seen at least twice;
   * model_version {@code "chaos-" + seed}. What it answers is meaningless; that it answers is the point.
   */
  public static BundleRef publishBundle(Path store, long seed) throws IOException {
    return SampleBundle.of(documents(seed, 20)).contextLength(CONTEXT).maxN(3).fgrams(30).minCount(2).seed(seed)
        .modelVersion("chaos-" + seed).publishTo(store);
  }

  /** {@code count} documents of 40..200 words, skewed so that some n-grams repeat often; same seed, same documents. */
  public static List<String> documents(long seed, int count) {
    Random random = new Random(seed);
    List<String> docs = new ArrayList<>(count);
    for (int d = 0; d < count; d++) {
      StringBuilder sb = new StringBuilder();
      int words = 40 + random.nextInt(160);
      for (int i = 0; i < words; i++) sb.append(WORDS[(int) (WORDS.length * Math.pow(random.nextDouble(), 2))]).append(' ');
      docs.add(sb.toString());
    }
    return docs;
  }

  /** The top {@code fgrams} 2..maxN-grams seen at least {@code minCount} times in {@code documents} (GPT-2, version 0). */
  public static FgramVocabulary reference(List<String> documents, int maxN, int fgrams, long minCount) {
    Tokenizer tokenizer = Tokenizers.byName("gpt2");
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), maxN);
    for (String text : documents) counter.addDocument(tokenizer.encode(text));
    return new FgramSelector(fgrams, minCount).select(counter, new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), maxN, 0));
  }
}
