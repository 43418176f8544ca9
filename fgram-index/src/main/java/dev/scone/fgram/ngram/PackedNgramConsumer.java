package dev.scone.fgram.ngram;

/** Receives packed n-grams ({@link NgramPacker} words) with a count, without boxing. */
@FunctionalInterface
public interface PackedNgramConsumer {
  void accept(long lo, long hi, long count);
}
