package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentedEncoderTest {
  private final Tokenizer gpt2 = Tokenizers.byName("gpt2");

  @Test
  void longOrdinaryTextGetsTheSameTokensAsOneCall() {
    Random random = new Random(8);
    for (int trial = 0; trial < 5; trial++) {
      // Words, double spaces, newlines, punctuation and non-Latin text around the cut points.
      String text = BatchReference.randomText(random, 4000 + random.nextInt(4000)).replace("dog ", "dog  ").replace("cat ", "cat\n ");
      assertTrue(text.length() > 2 * SegmentedEncoder.SEGMENT_CHARS);
      assertArrayEquals(gpt2.encode(text), new SegmentedEncoder(gpt2).encode(text));
    }
  }

  @Test
  void aWhitespaceFreeRunIsCutIntoBoundedSegmentsAndNothingIsLost() {
    Random random = new Random(2);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 3 * SegmentedEncoder.SEGMENT_CHARS + 17; i++) sb.append((char) ('a' + random.nextInt(26)));
    String run = sb.toString();
    assertEquals(SegmentedEncoder.SEGMENT_CHARS, SegmentedEncoder.cut(run, 0), "no space to cut at: the window's end");
    assertEquals(run, gpt2.decode(new SegmentedEncoder(gpt2).encode(run)), "the segments' tokens decode to the whole text");
  }
}
