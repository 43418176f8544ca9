package dev.scone.training.fgrams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.match.NaiveMatcher;
import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.Split;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch pipeline over a real corpus (Moby Dick, from the corpus cache) against plain stages. */
class FgramPipelineIT {
  private static final Gpt2Tokenizer TOKENIZER = Gpt2Tokenizer.instance();
  private static Corpus corpus;

  @TempDir Path store;

  @BeforeAll
  static void loadCorpus() throws Exception {
    corpus = Corpora.load("moby-dick");
  }

  private FgramPipelineConfig config(boolean prune) {
    return new FgramPipelineConfig("moby-dick", 4, 3_000, 5, prune, store);
  }

  @Test
  void publishedVocabularyIsTheSelectionOfTheTrainingSplitsCounts() throws Exception {
    FgramPipelineReport report = new FgramPipeline(TOKENIZER).run(corpus, config(false));

    NgramCounter counter = new NgramCounter(TOKENIZER.vocabSize(), 4);
    tokens(Split.TRAIN).forEach(counter::addDocument);
    FgramVocabulary expected = new FgramSelector(3_000, 5)
        .select(counter, new FgramVocabulary.Meta(TOKENIZER.name(), TOKENIZER.vocabSize(), 4, 1));
    FgramVocabulary published = VocabularyFile.read(report.vocabulary().file()).vocabulary();

    assertTrue(published.sameContent(expected), "published vocabulary differs from the plain selection");
    assertEquals(counter.size(), report.distinctNgrams());
    assertEquals(3_000, report.fgrams());
  }

  @Test
  void prunedCountingPublishesTheSameFgramsAndVersionsIncrease() throws Exception {
    FgramPipeline pipeline = new FgramPipeline(TOKENIZER);
    FgramPipelineReport exact = pipeline.run(corpus, config(false));
    FgramPipelineReport pruned = pipeline.run(corpus, config(true));

    assertEquals(1, exact.vocabulary().version());
    assertEquals(2, pruned.vocabulary().version());
    FgramVocabulary a = VocabularyFile.read(exact.vocabulary().file()).vocabulary();
    FgramVocabulary b = VocabularyFile.read(pruned.vocabulary().file()).vocabulary();
    assertTrue(a.withVersion(2).sameContent(b), "pruned counting selected other f-grams");
    assertTrue(pruned.distinctNgrams() < exact.distinctNgrams());
  }

  @Test
  void matchStatisticsAgreeWithTheBruteForceMatcher() throws Exception {
    FgramPipelineReport report = new FgramPipeline(TOKENIZER).run(corpus, config(false));
    FgramVocabulary vocab = VocabularyFile.read(report.vocabulary().file()).vocabulary();
    NaiveMatcher naive = new NaiveMatcher(vocab);

    long[] byLength = new long[5];
    long tokens = 0;
    for (int[] doc : tokens(Split.VALIDATION)) {
      int[] rows = naive.rows(doc);
      for (int row : rows) if (row >= vocab.meta().vocabSize()) byLength[vocab.length(row - vocab.meta().vocabSize())]++;
      tokens += doc.length;
    }
    assertEquals(tokens, report.validationTokens());
    assertArrayEquals(byLength, report.matchedByLength());
  }

  private static List<int[]> tokens(Split split) {
    return corpus.documents(split).stream().map(Document::text).map(TOKENIZER::encode).toList();
  }
}
