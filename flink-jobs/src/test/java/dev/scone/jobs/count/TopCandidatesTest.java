package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopCandidatesTest {

  @Test
  void keepsExactlyTheBestByRankOrderAboveMinCount() {
    Random random = new Random(3);
    NgramPacker packer = new NgramPacker(50, 4);
    for (int trial = 0; trial < 50; trial++) {
      Set<List<Integer>> seen = new HashSet<>();
      List<NgramCount> all = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        int[] g = new int[2 + random.nextInt(3)];
        for (int j = 0; j < g.length; j++) g[j] = random.nextInt(4); // few tokens: many ties on count
        if (!seen.add(java.util.Arrays.stream(g).boxed().toList())) continue;
        all.add(new NgramCount(packer.lo(g, 0, g.length), packer.hi(g, 0, g.length), 1 + random.nextInt(6)));
      }
      int limit = random.nextInt(40);
      long minCount = 1 + random.nextInt(4);
      TopCandidates top = new TopCandidates(limit, minCount, packer);
      all.forEach(top::offer);

      Comparator<NgramCount> rank = (a, b) ->
          FgramVocabulary.compareRank(a.count, packer.unpack(a.lo, a.hi), b.count, packer.unpack(b.lo, b.hi));
      List<String> expected = all.stream().filter(c -> c.count >= minCount).sorted(rank).limit(limit)
          .map(NgramCount::toString).sorted().toList();
      List<String> actual = top.kept().stream().map(NgramCount::toString).sorted().toList();
      assertEquals(expected, actual, "limit " + limit + ", minCount " + minCount);
    }
  }
}
