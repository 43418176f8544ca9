package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabAnnouncementJsonTest {

  @Test
  void writesTheSconeVocabMessageFieldsOfTheArchitecture() throws Exception {
    VocabAnnouncement a = new VocabAnnouncement(7, "file:///s/vocab/v000007/vocab.arrow", "ab12", 1000, 5,
        "2026-11-22T14:00:00Z");
    JsonNode node = new ObjectMapper().readTree(new VocabAnnouncementJson().serialize(a));
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("schema_version", "version", "uri", "sha256", "fgrams", "max_n", "created_at"), names);
    assertEquals(7, node.get("version").asLong());
    assertEquals("file:///s/vocab/v000007/vocab.arrow", node.get("uri").asText());
    assertEquals(1000, node.get("fgrams").asInt());
    assertEquals(5, node.get("max_n").asInt());
    assertEquals("7", new String(new VocabAnnouncementJson.Key().serialize(a), StandardCharsets.UTF_8));
  }
}
