package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DocumentSplitterTest {

  @Test
  void piecesConcatenateToTheDocumentStayUnderTheLimitAndNeverCutASurrogatePair() {
    Random random = new Random(7);
    String[] parts = {"word", " ", "\n", "🙂", "x", "日本", "\t", "abcdefghij"};
    for (int trial = 0; trial < 300; trial++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(200);
      for (int i = 0; i < n; i++) sb.append(parts[random.nextInt(parts.length)]);
      String text = sb.toString();
      int max = 2 + random.nextInt(40);
      List<String> pieces = new DocumentSplitter(max).split(text);
      assertEquals(text, String.join("", pieces), "max " + max);
      for (String p : pieces) {
        assertTrue(p.length() <= max, "piece of " + p.length() + " chars over the limit " + max);
        if (pieces.size() > 1) assertFalse(p.isEmpty(), "empty piece");
        if (!p.isEmpty()) assertFalse(Character.isHighSurrogate(p.charAt(p.length() - 1)), "cut inside a surrogate pair");
      }
    }
  }

  @Test
  void cutsAfterTheLastLineBreakInTheSecondHalfOfTheWindow() {
    // Window of 10: the line break at index 6 is in the second half (> 5), the space at 8 is later.
    assertEquals(List.of("abc d \n", "gh ijklm"), new DocumentSplitter(10).split("abc d \ngh ijklm"));
  }

  @Test
  void withoutALineBreakCutsAfterTheLastWhitespaceThenAtTheLimit() {
    assertEquals(List.of("abcdef ", "ghij"), new DocumentSplitter(8).split("abcdef ghij"));
    assertEquals(List.of("abcdefgh", "ij"), new DocumentSplitter(8).split("abcdefghij"));
  }

  @Test
  void shortDocumentIsOnePiece() {
    assertEquals(List.of("short"), new DocumentSplitter(5).split("short"));
  }
}
