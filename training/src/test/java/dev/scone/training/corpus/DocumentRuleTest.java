package dev.scone.training.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentRuleTest {

  private static List<String> texts(List<Document> documents) {
    return documents.stream().map(Document::text).toList();
  }

  @Test
  void blankLinesSeparateDocumentsAndBelongToNone() {
    String text = "first line\nstill the first\n\nsecond\n \t \n\n\r\nthird\n";
    assertEquals(List.of("first line\nstill the first", "second", "third\n"),
        texts(DocumentRule.BLANK_LINE.split("f", text)));
    assertEquals(List.of("f#1", "f#2", "f#3"),
        DocumentRule.BLANK_LINE.split("f", text).stream().map(Document::id).toList());
  }

  @Test
  void aSingleLineBreakDoesNotSeparate() {
    assertEquals(List.of("one\ntwo\nthree"), texts(DocumentRule.BLANK_LINE.split("f", "one\ntwo\nthree")));
  }

  @Test
  void fileRuleKeepsTheWholeTextAsOneDocument() {
    assertEquals(List.of("a\n\nb"), texts(DocumentRule.FILE.split("f", "a\r\n\r\nb")));
  }

  @Test
  void blankTextHasNoDocuments() {
    assertEquals(List.of(), DocumentRule.BLANK_LINE.split("f", "\n \n\n"));
    assertEquals(List.of(), DocumentRule.FILE.split("f", "  \n"));
  }
}
