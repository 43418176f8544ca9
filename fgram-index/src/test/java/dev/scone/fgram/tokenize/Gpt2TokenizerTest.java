package dev.scone.fgram.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Gpt2TokenizerTest {
  private final Tokenizer tok = Gpt2Tokenizer.instance();

  /** Code point ranges the random text draws from: ASCII, whitespace, CJK, emoji, combining marks. */
  private static final int[][] RANGES = {
    {0x20, 0x7E}, // printable ASCII
    {0x4E00, 0x9FFF}, // CJK unified ideographs
    {0x1F600, 0x1F64F}, // emoticons (surrogate pairs in UTF-16)
    {0x1F900, 0x1F9FF}, // supplemental symbols (surrogate pairs)
    {0x0300, 0x036F}, // combining diacritical marks
    {0x00A0, 0x024F}, // Latin-1 and Latin Extended
    {0x0400, 0x04FF}, // Cyrillic
  };
  private static final String[] WHITESPACE = {" ", "  ", "\t", "\n", "\n\n", "\r\n", "\u00A0", "\u3000", "   \t\n"};

  static String randomText(Random rnd, int maxCodePoints) {
    StringBuilder sb = new StringBuilder();
    int n = rnd.nextInt(maxCodePoints + 1);
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(RANGES.length + 2);
      if (kind >= RANGES.length) {
        sb.append(WHITESPACE[rnd.nextInt(WHITESPACE.length)]);
      } else {
        int[] r = RANGES[kind];
        sb.appendCodePoint(r[0] + rnd.nextInt(r[1] - r[0] + 1));
      }
    }
    return sb.toString();
  }

  @Test
  void decodeOfEncodeIsIdentityOnRandomUnicodeText() {
    Random rnd = new Random(42);
    for (int i = 0; i < 2000; i++) {
      String s = randomText(rnd, 60);
      int[] ids = tok.encode(s);
      assertEquals(s, tok.decode(ids), () -> "round trip failed for " + s.codePoints().boxed().toList());
      for (int id : ids) assertTrue(id >= 0 && id < tok.vocabSize(), "id " + id + " out of range");
    }
  }

  @Test
  void emptyStringEncodesToNoTokensAndBack() {
    assertArrayEquals(new int[0], tok.encode(""));
    assertEquals("", tok.decode(new int[0]));
  }

  @Test
  void endOfTextMarkerInTextIsOrdinaryText() {
    String s = "a<|endoftext|>b";
    int[] ids = tok.encode(s);
    for (int id : ids) assertTrue(id != 50_256, "special token produced from ordinary text");
    assertTrue(ids.length > 3);
    assertEquals(s, tok.decode(ids));
  }

  @Test
  void knownGpt2EncodingOfHelloWorld() {
    // GPT-2's ids for "Hello world" are [15496, 995] (r50k_base).
    assertArrayEquals(new int[] {15496, 995}, tok.encode("Hello world"));
    assertEquals(50_257, tok.vocabSize());
  }

  @Test
  void rangeDecodesConcatenateToWholeTextForAsciiText() {
    Random rnd = new Random(7);
    for (int i = 0; i < 200; i++) {
      StringBuilder sb = new StringBuilder();
      int n = rnd.nextInt(80);
      for (int j = 0; j < n; j++) sb.append((char) (0x20 + rnd.nextInt(0x5F)));
      String s = sb.toString();
      int[] ids = tok.encode(s);
      int cut = ids.length == 0 ? 0 : rnd.nextInt(ids.length + 1);
      assertEquals(s, tok.decode(ids, 0, cut) + tok.decode(ids, cut, ids.length));
    }
  }

  @Test
  void decodeRefusesIdOutsideVocabulary() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {1, 50_257}));
    assertTrue(e.getMessage().contains("50257") && e.getMessage().contains("index 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {-1}));
  }

  @Test
  void byNameFindsGpt2UnderItsNamesAndRefusesUnknownNames() {
    assertSame(Gpt2Tokenizer.instance(), Tokenizers.byName("gpt2"));
    assertSame(Gpt2Tokenizer.instance(), Tokenizers.byName("R50K_BASE"));
    assertEquals("gpt2", Tokenizers.byName(tok.name()).name());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tokenizers.byName("llama3"));
    assertTrue(e.getMessage().contains("llama3") && e.getMessage().contains("gpt2"), e.getMessage());
    assertFalse(assertThrows(IllegalArgumentException.class, () -> Tokenizers.byName(null))
        .getMessage().isEmpty());
  }
}
