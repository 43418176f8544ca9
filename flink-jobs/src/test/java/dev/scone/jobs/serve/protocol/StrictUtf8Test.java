package dev.scone.jobs.serve.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StrictUtf8Test {

  /** Reference: a byte string is valid UTF-8 exactly when it survives decode + encode unchanged. */
  @Test
  void acceptsExactlyTheBytesThatRoundTrip() throws Exception {
    Random random = new Random(3);
    int invalid = 0;
    for (int i = 0; i < 5000; i++) {
      byte[] b = new byte[1 + random.nextInt(8)];
      random.nextBytes(b);
      if (random.nextBoolean()) for (int j = 0; j < b.length; j++) b[j] &= 0x7F | (random.nextInt(4) == 0 ? 0x80 : 0);
      boolean roundTrips = java.util.Arrays.equals(b, new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
      int bad = StrictUtf8.firstBadByte(b);
      assertEquals(roundTrips, bad < 0, () -> java.util.HexFormat.of().formatHex(b));
      if (roundTrips) {
        assertEquals(new String(b, StandardCharsets.UTF_8), StrictUtf8.decode(b));
      } else {
        invalid++;
      }
    }
    assertEquals(true, invalid > 500, "the random inputs must include many invalid ones");
  }
}
