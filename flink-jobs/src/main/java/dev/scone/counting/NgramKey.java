package dev.scone.counting;

import org.apache.flink.api.java.functions.KeySelector;

/**
 * Keys an n-gram by its exact packed words, as a {@link PackedKey}: no collisions (the key is the
 * n-gram) and a well-mixed hash for key groups, the heap state map and the timer set.
 */
public final class NgramKey implements KeySelector<NgramCount, PackedKey> {
  @Override
  public PackedKey getKey(NgramCount ngram) {
    return new PackedKey(ngram.lo, ngram.hi);
  }
}
