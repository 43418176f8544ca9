package dev.scone.training.bundle;

import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.model.LanguageModel;
import java.nio.file.Path;
import java.util.Random;

/**
 * A resumable precompute in its own JVM, for {@link PrecomputeKillTest} to kill -9:
 * {@code PrecomputeChild DIR NAME} writes {@code DIR/NAME.arrow} keeping rows in {@code DIR/work},
 * one f-gram per chunk so that a kill lands between many chunk files. Prints the table's SHA-256.
 */
public final class PrecomputeChild {
  static final PrecomputeOptions OPTIONS = new PrecomputeOptions(1, 1, 16, false);
  static final int FGRAMS = 80;

  private PrecomputeChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    try (LanguageModel model = BundleFixtures.model(17)) {
      FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(8), FGRAMS, 1);
      String vocabSha = VocabularyFile.write(vocab, "", dir.resolve(args[1] + ".vocab.arrow"));
      TableTarget target = new TableTarget(dir.resolve(args[1] + ".arrow"), EmbeddingDtype.FLOAT32, 2)
          .resumableIn(dir.resolve("work"));
      System.out.println(TablePrecompute.of(model, BundleFixtures.compactedIds(5), "m1", OPTIONS)
          .full(vocab, vocabSha, target).sha256());
    }
  }
}
