package dev.scone.training.fgrams;

import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Split;
import dev.scone.training.data.DocumentDigest;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.data.TokenFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch f-gram pipeline, the stages the streaming job runs too: tokenize the training split
 * (cached as a token file, shared with training), count n-grams of length 2..maxN within documents
 * and select the top S as f-grams ({@link FgramChoice}, as a training run does), publish {@code
 * vocab.arrow} to the store, then measure the longest-match rule on the validation split.
 */
public final class FgramPipeline {
  private final Tokenizer tokenizer;

  public FgramPipeline(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Runs over the catalog corpus named by the config (fetched into the cache if missing). */
  public FgramPipelineReport run(FgramPipelineConfig config) throws IOException {
    return run(Corpora.load(config.corpus()), config);
  }

  public FgramPipelineReport run(Corpus corpus, FgramPipelineConfig config) throws IOException {
    long t0 = System.nanoTime();
    List<int[]> train = tokens(corpus, Split.TRAIN);
    List<int[]> validation = tokens(corpus, Split.VALIDATION);
    double tokenizeSeconds = (System.nanoTime() - t0) / 1e9;

    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), config.maxN(), 0);
    FgramChoice.Chosen chosen =
        new FgramChoice(config.fgrams(), config.minCount(), config.prune()).choose(train, meta, true);
    FgramVocabulary vocab = chosen.vocabulary();
    VocabularyStore.Published published =
        new VocabularyStore(config.store()).publishNext(vocab, DocumentDigest.of(corpus.documents(Split.TRAIN)));

    MatchStats match = MatchStats.measure(FgramMatcher.build(vocab), validation);
    return new FgramPipelineReport(
        FgramChoice.totalTokens(train), chosen.distinctNgrams(), chosen.countBytes(), vocab.size(),
        lengthHistogram(vocab), published, match.tokens(), match.matchedFraction(), match.matchedByLength(),
        tokenizeSeconds, chosen.countSeconds());
  }

  /** A split's tokens per document, from the token-file cache the trainer uses too. */
  private List<int[]> tokens(Corpus corpus, Split split) throws IOException {
    TokenCorpus tokens = TokenFiles.prepare(corpus, split, tokenizer);
    List<int[]> out = new ArrayList<>(tokens.documents());
    for (int d = 0; d < tokens.documents(); d++) out.add(tokens.tokens(d));
    return out;
  }

  private static int[] lengthHistogram(FgramVocabulary vocab) {
    int[] byLength = new int[vocab.meta().maxN() + 1];
    for (int id = 0; id < vocab.size(); id++) byLength[vocab.length(id)]++;
    return byLength;
  }
}
