package dev.scone.fgram.ngram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NgramSlotsTest {
  private static final int[][] SHAPES = {{2, 8}, {10, 5}, {50_257, 8}, {65_535, 8}, {65_536, 6}, {1 << 20, 6}};

  @Test
  void prefixesAndTokensAgreeWithThePacker() {
    Random rnd = new Random(11);
    for (int[] shape : SHAPES) {
      NgramPacker p = new NgramPacker(shape[0], shape[1]);
      NgramSlots slots = new NgramSlots(p);
      for (int trial = 0; trial < 500; trial++) {
        int len = 1 + rnd.nextInt(shape[1]);
        int[] g = rnd.ints(len, 0, shape[0]).toArray();
        long lo = p.lo(g, 0, len);
        long hi = p.hi(g, 0, len);
        for (int n = 1; n <= len; n++) {
          assertEquals(p.lo(g, 0, n), slots.prefixLo(lo, n), p + " n=" + n);
          assertEquals(p.hi(g, 0, n), slots.prefixHi(hi, n), p + " n=" + n);
        }
        for (int j = 0; j < len; j++) assertEquals(g[j], slots.token(lo, hi, j));
        assertEquals(len, slots.length(lo, hi));
      }
    }
  }

  @Test
  void tieBreakOrdersByLengthThenTokens() {
    Random rnd = new Random(12);
    for (int[] shape : SHAPES) {
      NgramPacker p = new NgramPacker(shape[0], shape[1]);
      NgramSlots slots = new NgramSlots(p);
      for (int trial = 0; trial < 500; trial++) {
        int[] a = rnd.ints(1 + rnd.nextInt(shape[1]), 0, Math.min(shape[0], 4)).toArray();
        int[] b = rnd.ints(1 + rnd.nextInt(shape[1]), 0, Math.min(shape[0], 4)).toArray();
        int expected = a.length != b.length ? Integer.compare(a.length, b.length) : Arrays.compare(a, b);
        int actual = slots.compareLengthThenTokens(
            p.lo(a, 0, a.length), p.hi(a, 0, a.length), p.lo(b, 0, b.length), p.hi(b, 0, b.length));
        assertEquals(Integer.signum(expected), Integer.signum(actual), Arrays.toString(a) + " vs " + Arrays.toString(b));
      }
    }
  }
}
