package dev.scone.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiveTopCandidatesTest {

  @Test
  void growingCountUpdatesKeepExactlyTheCurrentTopByRankOrder() {
    Random random = new Random(5);
    NgramPacker packer = new NgramPacker(20, 3);
    for (int trial = 0; trial < 40; trial++) {
      int limit = random.nextInt(25);
      long minCount = 1 + random.nextInt(3);
      LiveTopCandidates live = new LiveTopCandidates(limit, minCount, packer);
      Map<List<Integer>, Long> counts = new HashMap<>();
      for (int step = 0; step < 600; step++) {
        int[] g = new int[2 + random.nextInt(2)];
        for (int j = 0; j < g.length; j++) g[j] = random.nextInt(4);
        List<Integer> key = java.util.Arrays.stream(g).boxed().toList();
        long updated = counts.merge(key, 1L + random.nextInt(2), Long::sum);
        live.update(packer.lo(g, 0, g.length), packer.hi(g, 0, g.length), updated);
        if (step % 50 == 49) assertEquals(bruteForce(counts, limit, minCount), actual(live, packer), "trial " + trial + " step " + step);
      }
    }
  }

  @Test
  void changedIsClearedBySnapshotAndSetByAnUpdateThatEntersTheTop() {
    NgramPacker packer = new NgramPacker(20, 3);
    LiveTopCandidates live = new LiveTopCandidates(1, 2, packer);
    int[] a = {1, 2};
    int[] b = {3, 4};
    live.update(packer.lo(a, 0, 2), packer.hi(a, 0, 2), 1); // below minCount
    assertEquals(false, live.changed());
    live.update(packer.lo(a, 0, 2), packer.hi(a, 0, 2), 5);
    assertEquals(true, live.changed());
    assertEquals(1, live.snapshot(0).size());
    assertEquals(false, live.changed());
    live.update(packer.lo(b, 0, 2), packer.hi(b, 0, 2), 4); // behind a: not kept
    assertEquals(false, live.changed());
  }

  private static List<String> bruteForce(Map<List<Integer>, Long> counts, int limit, long minCount) {
    List<Map.Entry<List<Integer>, Long>> all = new ArrayList<>(counts.entrySet());
    all.removeIf(e -> e.getValue() < minCount);
    all.sort((x, y) -> FgramVocabulary.compareRank(x.getValue(), toArray(x.getKey()), y.getValue(), toArray(y.getKey())));
    return all.stream().limit(limit).map(e -> e.getKey() + "x" + e.getValue()).toList();
  }

  private static List<String> actual(LiveTopCandidates live, NgramPacker packer) {
    CandidateBatch b = live.snapshot(0);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < b.size(); i++) {
      out.add(java.util.Arrays.stream(packer.unpack(b.lo[i], b.hi[i])).boxed().toList() + "x" + b.count[i]);
    }
    return out;
  }

  private static int[] toArray(List<Integer> key) {
    return key.stream().mapToInt(Integer::intValue).toArray();
  }
}
