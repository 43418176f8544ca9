package dev.scone.jobs.count;

import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.NgramSlots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The best {@code limit} n-grams offered, in {@link dev.scone.fgram.vocab.FgramVocabulary}'s rank
 * order (count descending, length ascending, tokens ascending), among those with count {@code >=
 * minCount}. Since every key is counted by exactly one subtask and the order is total, the global
 * top S is contained in the union of every subtask's top S: this is the per-subtask candidate list.
 *
 * <p>Cost: {@code O(log limit)} per offer that is kept, {@code O(1)} per one that is not, {@code O(limit)} objects. Not thread-safe.
 */
public final class TopCandidates {
  private final int limit;
  private final long minCount;
  private final PriorityQueue<NgramCount> worstFirst;
  private final NgramCount probe = new NgramCount();

  public TopCandidates(int limit, long minCount, NgramPacker packer) {
    this.limit = limit;
    this.minCount = minCount;
    NgramSlots slots = new NgramSlots(packer);
    Comparator<NgramCount> rank = (a, b) -> a.count != b.count
        ? Long.compare(b.count, a.count)
        : slots.compareLengthThenTokens(a.lo, a.hi, b.lo, b.hi);
    this.worstFirst = new PriorityQueue<>(Math.min(limit, 1 << 16) + 1, rank.reversed());
  }

  /** Keeps {@code ngram} if it ranks among the best {@code limit} so far (the object is kept, not copied). */
  public void offer(NgramCount ngram) {
    if (ngram.count < minCount || limit == 0) return;
    if (worstFirst.size() < limit) {
      worstFirst.add(ngram);
    } else if (worstFirst.comparator().compare(ngram, worstFirst.peek()) > 0) {
      worstFirst.poll();
      worstFirst.add(ngram);
    }
  }

  /**
   * Keeps {@code (lo, hi)} with {@code count} if it ranks among the best {@code limit} so far; an
   * object is allocated only for an n-gram that is kept, so scanning millions of counts is cheap.
   */
  public void offer(long lo, long hi, long count) {
    if (count < minCount || limit == 0) return;
    if (worstFirst.size() == limit) {
      probe.lo = lo;
      probe.hi = hi;
      probe.count = count;
      if (worstFirst.comparator().compare(probe, worstFirst.peek()) <= 0) return;
    }
    offer(new NgramCount(lo, hi, count));
  }

  /** The kept n-grams, in no particular order. */
  public List<NgramCount> kept() {
    return new ArrayList<>(worstFirst);
  }
}
