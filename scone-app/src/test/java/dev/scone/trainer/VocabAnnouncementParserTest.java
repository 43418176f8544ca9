package dev.scone.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.jobs.count.VocabAnnouncement;
import dev.scone.jobs.count.VocabAnnouncementJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VocabAnnouncementParserTest {
  private static final String SHA = "ab".repeat(32);

  private static String json(VocabAnnouncement a) {
    return new String(new VocabAnnouncementJson().serialize(a), StandardCharsets.UTF_8);
  }

  @Test
  void readsBackWhatTheCountingJobWrites() throws Exception {
    VocabAnnouncement a = new VocabAnnouncement(7, "file:/s/vocab/v000007/vocab.arrow", SHA, 1234, 5,
        "2026-11-22T15:00:00Z");
    VocabAnnouncement b = VocabAnnouncementParser.parse("7", json(a));
    assertEquals(a.version, b.version);
    assertEquals(a.uri, b.uri);
    assertEquals(a.sha256, b.sha256);
    assertEquals(a.fgrams, b.fgrams);
    assertEquals(a.maxN, b.maxN);
    assertEquals(a.createdAt, b.createdAt);
    assertEquals(7, VocabAnnouncementParser.parse(null, json(a)).version, "a record without a key is fine");
  }

  @Test
  void unknownKeysAreIgnored() throws Exception {
    String value = json(new VocabAnnouncement(3, "file:/x", SHA, 1, 2, "t")).replace("}", ",\"extra\":true}");
    assertEquals(3, VocabAnnouncementParser.parse("3", value).version);
  }

  @Test
  void refusalsNameTheField() {
    String good = json(new VocabAnnouncement(3, "file:/x", SHA, 1, 2, "t"));
    assertRefused("3", good.replace("\"uri\":\"file:/x\",", ""), "'uri'");
    assertRefused("3", good.replace("\"version\":3", "\"version\":\"3\""), "'version'");
    assertRefused("3", good.replace("\"schema_version\":1", "\"schema_version\":2"), "schema_version");
    assertRefused("4", good, "record key '4'");
    assertRefused("3", "[1,2]", "not a JSON object");
    assertRefused("3", "{oops", "not JSON");
    assertRefused("3", null, "empty");
    assertRefused("0", good.replace("\"version\":3", "\"version\":0"), "version must be >= 1");
  }

  private static void assertRefused(String key, String value, String mention) {
    BadAnnouncement e = assertThrows(BadAnnouncement.class, () -> VocabAnnouncementParser.parse(key, value));
    assertTrue(e.getMessage().contains(mention), e.getMessage());
  }
}
