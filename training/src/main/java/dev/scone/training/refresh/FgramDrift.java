package dev.scone.training.refresh;

import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.PackedKeyIndex;
import dev.scone.fgram.vocab.FgramVocabulary;

/** How far a new f-gram vocabulary moved from the one a bundle was built with. Stateless. */
public final class FgramDrift {

  private FgramDrift() {}

  /**
   * The share of {@code fresh}'s f-grams that {@code old} does not hold (by token sequence; ids
   * move between vocabularies), in [0, 1]; 0 for an empty {@code fresh}. O(|old| + |fresh|).
   */
  public static double newShare(FgramVocabulary old, FgramVocabulary fresh) {
    if (fresh.size() == 0) return 0;
    int maxN = Math.max(old.meta().maxN(), fresh.meta().maxN());
    NgramPacker packer = new NgramPacker(Math.max(old.meta().vocabSize(), fresh.meta().vocabSize()), maxN);
    PackedKeyIndex known = new PackedKeyIndex(Math.max(1, old.size()));
    for (int id = 0; id < old.size(); id++) {
      int[] g = old.tokens(id);
      known.put(packer.lo(g, 0, g.length), packer.hi(g, 0, g.length), id);
    }
    int added = 0;
    for (int id = 0; id < fresh.size(); id++) {
      int[] g = fresh.tokens(id);
      if (known.get(packer.lo(g, 0, g.length), packer.hi(g, 0, g.length)) < 0) added++;
    }
    return (double) added / fresh.size();
  }
}
