package dev.scone.counting;

import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * Keys an n-gram by its exact packed words {@code (lo, hi)}: a {@code Tuple2<Long, Long>}, which
 * Flink serializes and hashes itself (no Kryo, and no collisions: the key is the n-gram).
 */
public final class NgramKey implements KeySelector<NgramCount, Tuple2<Long, Long>> {
  @Override
  public Tuple2<Long, Long> getKey(NgramCount ngram) {
    return Tuple2.of(ngram.lo, ngram.hi);
  }
}
