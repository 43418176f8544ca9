package dev.scone.bench.count;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.List;

/**
 * The single-process baseline: tokenize every document, count its 2..maxN-grams exactly with
 * {@link NgramCounter} and select F with {@link FgramSelector}, all on the calling thread.
 */
final class BatchCount {

  /**
   * One timed run.
   *
   * @param vocabulary the selected F (version 0)
   * @param tokens tokens counted
   * @param distinct distinct 2..maxN-grams counted
   * @param seconds wall time of tokenize + count + select (s)
   * @param counts the exact counts (kept for the state-size figures)
   */
  record Run(FgramVocabulary vocabulary, long tokens, long distinct, double seconds, NgramCounter counts) {}

  private BatchCount() {}

  static Run run(List<String> documents, String tokenizerName, int maxN, int fgrams, long minCount) {
    Tokenizer tokenizer = Tokenizers.byName(tokenizerName);
    long start = System.nanoTime();
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), maxN);
    long tokens = 0;
    for (String text : documents) {
      int[] ids = tokenizer.encode(text);
      tokens += ids.length;
      counter.addDocument(ids);
    }
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), maxN, 0);
    FgramVocabulary vocab = new FgramSelector(fgrams, minCount).select(counter, meta);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Run(vocab, tokens, counter.size(), seconds, counter);
  }
}
