package dev.scone.training.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SplitTest {

  /** Reference: the first 8 digest bytes as an unsigned integer over 2^64, cut at 0.8 / 0.9. */
  private static Split reference(String id) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
    byte[] first8 = new byte[9]; // leading zero byte keeps BigInteger unsigned
    System.arraycopy(digest, 0, first8, 1, 8);
    double u = new BigInteger(first8).doubleValue() / Math.pow(2, 64);
    return u < 0.8 ? Split.TRAIN : u < 0.9 ? Split.VALIDATION : Split.TEST;
  }

  private static List<String> randomIds(Random random, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(random.nextInt(2100) + "_doc_" + Long.toHexString(random.nextLong()) + "_é");
    }
    return ids;
  }

  @Test
  void splitMatchesReferenceHashOnRandomIds() throws Exception {
    for (String id : randomIds(new Random(7), 5000)) {
      assertEquals(reference(id), Split.of(id), id);
    }
  }

  @Test
  void knownIdsKeepTheirSplitAcrossReleases() {
    // Pinned once (computed independently with Python's hashlib): a change here would silently
    // reshuffle every corpus's held-out documents.
    assertEquals(Split.TRAIN, Split.of("1790_george_washington_n"));
    assertEquals(Split.VALIDATION, Split.of("1862_abraham_lincoln_r"));
    assertEquals(Split.TEST, Split.of("2021_joseph_r_biden_d"));
    assertEquals(Split.VALIDATION, Split.of("chapter_1"));
    assertEquals(Split.TEST, Split.of("epilogue"));
  }

  @Test
  void addingDocumentsNeverMovesExistingOnes() {
    Random random = new Random(11);
    List<String> before = randomIds(random, 500);
    Map<String, Split> first = new HashMap<>();
    before.forEach(id -> first.put(id, Split.of(id)));
    List<String> after = new ArrayList<>(randomIds(random, 500));
    after.addAll(before);
    Collections.shuffle(after, random);
    for (String id : after) {
      if (first.containsKey(id)) {
        assertEquals(first.get(id), Split.of(id), id);
      }
    }
  }

  @Test
  void randomIdsSplitRoughly80_10_10() {
    Map<Split, Integer> counts = new EnumMap<>(Split.class);
    List<String> ids = randomIds(new Random(3), 20_000);
    ids.forEach(id -> counts.merge(Split.of(id), 1, Integer::sum));
    assertEquals(0.8, counts.get(Split.TRAIN) / 20_000.0, 0.015);
    assertEquals(0.1, counts.get(Split.VALIDATION) / 20_000.0, 0.01);
    assertEquals(0.1, counts.get(Split.TEST) / 20_000.0, 0.01);
  }

  @Test
  void unitIntervalStaysBelowOne() {
    for (String id : randomIds(new Random(5), 2000)) {
      double u = Split.unitInterval(id);
      assertTrue(u >= 0.0 && u < 1.0, id + " -> " + u);
    }
  }
}
