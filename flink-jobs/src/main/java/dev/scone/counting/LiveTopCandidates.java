package dev.scone.counting;

import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.NgramSlots;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The best {@code limit} n-grams of a stream of count <em>updates</em> (the newest count of an
 * n-gram replaces its older one), in the f-gram rank order, among counts {@code >= minCount}.
 *
 * <p>Exact when every n-gram's count never decreases, as in {@link CountingMode#EXACT}: an n-gram
 * pushed out was behind {@code limit} others whose counts can only grow, so it can only return by
 * an update of its own, which is offered again. A mode whose counts can fall needs another structure.
 *
 * <p>Cost: {@code O(log limit)} per update; {@code O(limit)} objects. Not thread-safe.
 */
public final class LiveTopCandidates {
  private record Key(long lo, long hi) {}

  private final int limit;
  private final long minCount;
  private final TreeSet<NgramCount> bestFirst;
  private final Map<Key, NgramCount> byKey = new HashMap<>();
  private boolean changed;

  public LiveTopCandidates(int limit, long minCount, NgramPacker packer) {
    this.limit = limit;
    this.minCount = minCount;
    NgramSlots slots = new NgramSlots(packer);
    Comparator<NgramCount> rank = (a, b) -> a.count != b.count
        ? Long.compare(b.count, a.count)
        : slots.compareLengthThenTokens(a.lo, a.hi, b.lo, b.hi);
    this.bestFirst = new TreeSet<>(rank);
  }

  /** Records that n-gram {@code (lo, hi)} now has count {@code count}. */
  public void update(long lo, long hi, long count) {
    if (count < minCount || limit == 0) return;
    Key key = new Key(lo, hi);
    NgramCount kept = byKey.get(key);
    if (kept != null) {
      bestFirst.remove(kept);
      kept.count = count;
      bestFirst.add(kept);
      changed = true;
      return;
    }
    NgramCount candidate = new NgramCount(lo, hi, count);
    if (bestFirst.size() == limit) {
      NgramCount worst = bestFirst.last();
      if (bestFirst.comparator().compare(candidate, worst) >= 0) return;
      bestFirst.pollLast();
      byKey.remove(new Key(worst.lo, worst.hi));
    }
    bestFirst.add(candidate);
    byKey.put(key, candidate);
    changed = true;
  }

  /** Whether anything changed since the last {@link #snapshot}. */
  public boolean changed() {
    return changed;
  }

  /** The kept n-grams, best first, as a batch from {@code subtask}; clears {@link #changed}. */
  public CandidateBatch snapshot(int subtask) {
    int n = bestFirst.size();
    long[] lo = new long[n];
    long[] hi = new long[n];
    long[] count = new long[n];
    int i = 0;
    for (NgramCount c : bestFirst) {
      lo[i] = c.lo;
      hi[i] = c.hi;
      count[i++] = c.count;
    }
    changed = false;
    return new CandidateBatch(subtask, lo, hi, count);
  }
}
