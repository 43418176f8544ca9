package dev.scone.fgram.counting;

import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.PackedNgramConsumer;

/**
 * Anything that yields n-grams with counts: the exact {@link NgramCounter}, the {@link
 * PrunedNgramCounter} and the bounded-memory {@link SpaceSavingSummary}. F-gram selection reads
 * counts only through this interface.
 */
public interface NgramCountSource {

  /** V of the tokenizer the n-grams were counted with: the packer's. */
  default int vocabSize() {
    return packer().vocabSize();
  }

  /** The longest n-gram length counted: the packer's. */
  default int maxN() {
    return packer().maxN();
  }

  /** The packer whose {@code (lo, hi)} words {@link #forEach} passes. */
  NgramPacker packer();

  /**
   * Calls {@code consumer} once per distinct n-gram with its count (exact or estimated, as the
   * source documents), in unspecified order. The source must not be modified meanwhile.
   */
  void forEach(PackedNgramConsumer consumer);

  /** Receives one n-gram as token ids, with its count. */
  @FunctionalInterface
  interface TokensConsumer {
    void accept(int[] tokens, long count);
  }

  /** {@link #forEach} with the tokens unpacked into a fresh array per n-gram (not a hot path). */
  default void forEachTokens(TokensConsumer consumer) {
    NgramPacker packer = packer();
    forEach((lo, hi, count) -> consumer.accept(packer.unpack(lo, hi), count));
  }
}
