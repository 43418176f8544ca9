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
 * ({@link FgramChoice}, as the batch f-gram pipeline does), published to the store's vocabulary
 * directory (so it gets a version like any other) by {@link #publish}, only once the run has a
 * bundle to publish with it: a run that fails leaves the store as it found it.
 */
final class RunFgrams {

  /**
   * The vocabulary, the SHA-256 of what it was counted from ("" when unknown), and whether it was
   * selected by this run (then it is unpublished, version 0, until {@link #publish}).
   */
  record Chosen(FgramVocabulary vocabulary, String sourceSha256, boolean selected) {}

  private RunFgrams() {}

  static Chosen choose(TrainRunConfig config, TokenCorpus train, String trainSha256) throws IOException {
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(train.tokenizer(), train.vocabSize(), config.maxN(), 0);
    if (config.baseline()) {
      return new Chosen(FgramVocabulary.of(meta, List.of(), new long[0]), "", false);
    }
    if (config.vocabFile() != null) {
      return reuse(config, train);
    }
    Iterable<int[]> documents = () -> IntStream.range(0, train.documents()).mapToObj(train::tokens).iterator();
    FgramVocabulary selected =
        new FgramChoice(config.fgrams(), config.fgramMinCount(), false).choose(documents, meta, false).vocabulary();
    return new Chosen(selected, trainSha256, true);
  }

  /**
   * The vocabulary to publish the bundle with: a vocabulary this run selected is published now,
   * as the store's next version, and returned with that version; any other is returned as it is.
   */
  static FgramVocabulary publish(TrainRunConfig config, Chosen chosen) throws IOException {
    if (!chosen.selected()) return chosen.vocabulary();
    VocabularyStore.Published published = new VocabularyStore(config.store()).publishNext(chosen.vocabulary(),
        chosen.sourceSha256());
    return chosen.vocabulary().withVersion(published.version());
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
    return new Chosen(read.vocabulary(), read.sourceSha256(), false);
  }
}
