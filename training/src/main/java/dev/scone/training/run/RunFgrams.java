package dev.scone.training.run;

import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.fgrams.FgramChoice;
import dev.scone.training.fgrams.VocabularyStore;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The f-gram vocabulary of a run: none for the baseline, a published {@code vocab.arrow} when the
 * config names one, else the top S n-grams of the training split counted exactly within documents
 * ({@link FgramChoice}, as the batch f-gram pipeline does) and published to the store's
 * vocabulary directory (so it gets a version like any other).
 */
final class RunFgrams {

  /** The vocabulary and the SHA-256 of what it was counted from ("" when unknown). */
  record Chosen(FgramVocabulary vocabulary, String sourceSha256) {}

  private RunFgrams() {}

  static Chosen choose(TrainRunConfig config, TokenCorpus train, String trainSha256) throws IOException {
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(train.tokenizer(), train.vocabSize(), config.maxN(), 0);
    if (config.baseline()) {
      return new Chosen(FgramVocabulary.of(meta, List.of(), new long[0]), "");
    }
    if (config.vocabFile() != null) {
      return reuse(config, train);
    }
    Iterable<int[]> documents = () -> IntStream.range(0, train.documents()).mapToObj(train::tokens).iterator();
    FgramVocabulary selected =
        new FgramChoice(config.fgrams(), config.fgramMinCount(), false).choose(documents, meta, false).vocabulary();
    VocabularyStore.Published published = new VocabularyStore(config.store()).publishNext(selected, trainSha256);
    return new Chosen(selected.withVersion(published.version()), trainSha256);
  }

  private static Chosen reuse(TrainRunConfig config, TokenCorpus train) throws IOException {
    VocabularyFile.Contents read = VocabularyFile.read(config.vocabFile());
    FgramVocabulary.Meta meta = read.vocabulary().meta();
    if (!meta.tokenizer().equals(train.tokenizer()) || meta.vocabSize() != train.vocabSize()) {
      throw new IllegalArgumentException(config.vocabFile() + ": f-grams are over " + meta.tokenizer() + " V="
          + meta.vocabSize() + " but the corpus is tokenized with " + train.tokenizer() + " V=" + train.vocabSize());
    }
    if (meta.maxN() > config.maxN()) {
      throw new IllegalArgumentException(config.vocabFile() + ": f-grams up to length " + meta.maxN()
          + " but the model's maxN is " + config.maxN() + "; train with maxN >= " + meta.maxN());
    }
    return new Chosen(read.vocabulary(), read.sourceSha256());
  }
}
