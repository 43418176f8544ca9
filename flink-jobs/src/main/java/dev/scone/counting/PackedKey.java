package dev.scone.counting;

import dev.scone.fgram.ngram.NgramPacker;

/**
 * The key of an n-gram in keyed state: its exact packed words {@code (lo, hi)}. A Flink POJO whose
 * {@link #hashCode} mixes both words with {@link NgramPacker#mix}.
 *
 * <p>Why not {@code Tuple2<Long, Long>}: its hash, {@code 31 * (lo ^ lo >>> 32) + (hi ^ hi >>> 32)},
 * XORs token slots 0-1 onto slots 2-3, so distinct 3- and 4-grams share hash codes in bulk; on the
 * State of the Union corpus (5.3 M distinct n-grams) the heap state map's lookups and the timer
 * set's tree bins took most of the job's CPU time.
 */
public class PackedKey {
  public long lo;
  public long hi;

  public PackedKey() {}

  public PackedKey(long lo, long hi) {
    this.lo = lo;
    this.hi = hi;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackedKey k && k.lo == lo && k.hi == hi;
  }

  @Override
  public int hashCode() {
    long h = NgramPacker.mix(lo, hi);
    return (int) (h ^ (h >>> 32));
  }

  @Override
  public String toString() {
    return "PackedKey[lo=" + lo + ", hi=" + hi + "]";
  }
}
