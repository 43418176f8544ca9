package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scone.fgram.ngram.NgramCountTable;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checkpoint bytes of a subtask's counts, read back at the same and at other parallelisms. */
class CountTableBytesTest {

  @Test
  void restoringAtAnyParallelismGivesEachSubtaskExactlyTheEntriesItOwns() {
    Random random = new Random(3);
    int oldParallelism = 3;
    NgramCountTable[] before = new NgramCountTable[oldParallelism];
    for (int s = 0; s < oldParallelism; s++) before[s] = new NgramCountTable(16);
    NgramCountTable reference = new NgramCountTable(16);
    for (int i = 0; i < 5000; i++) {
      long lo = 1 + random.nextInt(3000);
      long hi = random.nextInt(4);
      long count = 1 + random.nextInt(9);
      before[CountPartitioner.of(lo, hi, oldParallelism)].add(lo, hi, count);
      reference.add(lo, hi, count);
    }
    for (int newParallelism : new int[] {1, 2, 3, 5}) {
      NgramCountTable union = new NgramCountTable(16);
      for (int s = 0; s < newParallelism; s++) {
        NgramCountTable restored = new NgramCountTable(16);
        for (NgramCountTable old : before) {
          for (byte[] chunk : CountTableBytes.encode(old)) CountTableBytes.decodeInto(chunk, s, newParallelism, restored);
        }
        int subtask = s;
        restored.forEach((lo, hi, count) -> assertEquals(subtask, CountPartitioner.of(lo, hi, newParallelism)));
        union.addAll(restored);
      }
      assertEquals(reference.size(), union.size(), "parallelism " + newParallelism);
      reference.forEach((lo, hi, count) -> assertEquals(count, union.get(lo, hi)));
    }
  }
}
