package dev.scone.counting;

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
 * <p>Cost: {@code O(log limit)} per offer, {@code O(limit)} objects. Not thread-safe.
 */
public final class TopCandidates {
  private final int limit;
  private final long minCount;
  private final PriorityQueue<NgramCount> worstFirst;

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

  /** The kept n-grams, in no particular order. */
  public List<NgramCount> kept() {
    return new ArrayList<>(worstFirst);
  }
}
