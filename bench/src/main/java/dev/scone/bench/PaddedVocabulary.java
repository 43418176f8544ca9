package dev.scone.bench;

import dev.scone.bench.scale.SyntheticFgrams;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.List;

/**
 * The precompute benches' f-grams: a corpus's most frequent 2..{@value #MAX_N}-grams, padded with
 * generated ones ({@link SyntheticFgrams}) when the corpus has fewer distinct n-grams than asked.
 *
 * @param synthetic how many are generated, reported by every figure that uses them
 */
record PaddedVocabulary(FgramVocabulary vocab, int synthetic) {
  static final int MAX_N = 5;

  static PaddedVocabulary of(List<String> texts, int size) {
    Gpt2Tokenizer tokenizer = Gpt2Tokenizer.instance();
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), MAX_N);
    for (String text : texts) counter.addDocument(tokenizer.encode(text));
    FgramVocabulary real = new FgramSelector(size, 1)
        .select(counter, new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), MAX_N, 0));
    FgramVocabulary vocab = real.size() < size ? new SyntheticFgrams(real, size, 0x5C0E).toVocabulary() : real;
    return new PaddedVocabulary(vocab, vocab.size() - real.size());
  }
}
