package dev.scone.training.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WindowSamplerTest {

  @Test
  void startsDependOnlyOnSeedAndStep() {
    WindowSampler a = new WindowSampler(7, 1000, 16, 8);
    WindowSampler b = new WindowSampler(7, 1000, 16, 8);
    for (long step : new long[] {5, 0, 999, 3}) assertArrayEquals(a.starts(step), b.starts(step));
    assertFalse(Arrays.equals(a.starts(1), a.starts(2)));
    assertFalse(Arrays.equals(a.starts(1), new WindowSampler(8, 1000, 16, 8).starts(1)));
  }

  @Test
  void everyWindowFitsAndEveryStartIsReachable() {
    int size = 40;
    int seqLen = 16; // windows of 17 positions: starts 0..23
    WindowSampler sampler = new WindowSampler(1, size, seqLen, 4);
    boolean[] seen = new boolean[size];
    for (int step = 0; step < 500; step++) {
      for (int s : sampler.starts(step)) {
        assertTrue(s >= 0 && s + seqLen + 1 <= size, "start " + s);
        seen[s] = true;
      }
    }
    for (int s = 0; s <= size - seqLen - 1; s++) assertTrue(seen[s], "start " + s + " never drawn");
  }

  @Test
  void streamTooShortForOneWindowIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new WindowSampler(1, 16, 16, 1));
  }
}
