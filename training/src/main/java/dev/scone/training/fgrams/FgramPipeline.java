package dev.scone.training.fgrams;

import dev.scone.fgram.counting.NgramCountSource;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.counting.PrunedNgramCounter;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.Progress;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.Split;
import dev.scone.training.data.DocumentDigest;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.data.TokenFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;

/**
 * The batch f-gram pipeline, the stages the streaming job runs too: tokenize the training split
 * (cached as a token file, shared with training),
 * count n-grams of length 2..maxN within documents, select the top S as f-grams, publish {@code
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

    long t1 = System.nanoTime();
    Counted counted = count(train, config);
    double countSeconds = (System.nanoTime() - t1) / 1e9;

    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), config.maxN(), 0);
    FgramVocabulary vocab = new FgramSelector(config.fgrams(), config.minCount()).select(counted.source(), meta);
    VocabularyStore.Published published =
        new VocabularyStore(config.store()).publishNext(vocab, DocumentDigest.of(corpus.documents(Split.TRAIN)));

    MatchStats match = MatchStats.measure(FgramMatcher.build(vocab), validation);
    return new FgramPipelineReport(
        totalTokens(train), counted.distinct(), counted.bytes(), vocab.size(), lengthHistogram(vocab),
        published, match.tokens(), match.matchedFraction(), match.matchedByLength(),
        tokenizeSeconds, countSeconds);
  }

  /** A split's tokens per document, from the token-file cache the trainer uses too. */
  private List<int[]> tokens(Corpus corpus, Split split) throws IOException {
    TokenCorpus tokens = TokenFiles.prepare(corpus, split, tokenizer);
    List<int[]> out = new ArrayList<>(tokens.documents());
    for (int d = 0; d < tokens.documents(); d++) out.add(tokens.tokens(d));
    return out;
  }

  /** Counts, with how many distinct n-grams they hold and the bytes their tables took. */
  private record Counted(NgramCountSource source, long distinct, long bytes) {}

  private Counted count(List<int[]> documents, FgramPipelineConfig config) {
    if (config.prune()) {
      PrunedNgramCounter pruned =
          PrunedNgramCounter.count(documents, tokenizer.vocabSize(), config.maxN(), config.minCount());
      return new Counted(pruned, pruned.size(), pruned.peakArrayBytes());
    }
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), config.maxN());
    try (ProgressBar bar = Progress.bar("count 2.." + config.maxN() + "-grams", totalTokens(documents), "tokens")) {
      for (int[] doc : documents) {
        counter.addDocument(doc);
        bar.stepBy(doc.length);
      }
    }
    return new Counted(counter, counter.size(), counter.arrayBytes());
  }

  static long totalTokens(List<int[]> documents) {
    long n = 0;
    for (int[] d : documents) n += d.length;
    return n;
  }

  private static int[] lengthHistogram(FgramVocabulary vocab) {
    int[] byLength = new int[vocab.meta().maxN() + 1];
    for (int id = 0; id < vocab.size(); id++) byLength[vocab.length(id)]++;
    return byLength;
  }
}
