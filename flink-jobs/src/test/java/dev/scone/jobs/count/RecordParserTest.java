package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordParserTest {
  private final RecordParser json = new RecordParser(true, 1000);
  private final RecordParser plain = new RecordParser(false, 1000);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void invalidUtf8IsBadNotReplaced() {
    RecordParser.Parsed p = plain.parse(new byte[] {'o', 'k', (byte) 0xC3, 0x28});
    assertTrue(p.isBad());
    assertTrue(p.badReason().contains("UTF-8"), p.badReason());
    assertTrue(plain.parse(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}).isBad(), "an encoded lone surrogate is invalid");
  }

  @Test
  void emptyAndBlankRecordsAreBad() {
    assertTrue(plain.parse(new byte[0]).isBad());
    assertTrue(plain.parse(null).isBad());
    assertTrue(plain.parse(utf8(" \n\t")).isBad());
    assertTrue(json.parse(utf8("{\"id\": \"d\", \"text\": \"  \"}")).isBad());
  }

  @Test
  void jsonEnvelopeGivesIdAndText() {
    RecordParser.Parsed p = json.parse(utf8(" {\"id\": \"d7\", \"text\": \"café 🙂\"}"));
    assertFalse(p.isBad());
    assertEquals(1, p.documents().size());
    assertEquals("d7", p.documents().get(0).id);
    assertEquals("café 🙂", p.documents().get(0).text);
  }

  @Test
  void brokenOrTextlessJsonIsBadButPlainModeTakesBracesAsText() {
    assertTrue(json.parse(utf8("{\"id\": 1, \"text\": ")).isBad());
    assertTrue(json.parse(utf8("{\"id\": 1, \"body\": \"x\"}")).isBad());
    assertTrue(json.parse(utf8("{\"text\": 5}")).isBad());
    RecordParser.Parsed p = plain.parse(utf8("{\"text\": 5}"));
    assertFalse(p.isBad());
    assertEquals("{\"text\": 5}", p.documents().get(0).text);
    assertNull(p.documents().get(0).id);
  }

  @Test
  void oversizedTextIsSplitIntoDocumentsWithTheSameId() {
    RecordParser small = new RecordParser(true, 10);
    String text = "aaaa bbbb cccc dddd eeee";
    RecordParser.Parsed p = small.parse(utf8("{\"id\": \"big\", \"text\": \"" + text + "\"}"));
    assertTrue(p.documents().size() > 1);
    StringBuilder joined = new StringBuilder();
    for (CorpusDocument d : p.documents()) {
      assertEquals("big", d.id);
      assertTrue(d.text.length() <= 10);
      joined.append(d.text);
    }
    assertEquals(text, joined.toString());
  }
}
