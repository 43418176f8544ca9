package dev.scone.trainer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.jobs.count.VocabAnnouncement;
import dev.scone.jobs.count.VocabAnnouncementJson;

/**
 * Reads a {@code scone.vocab} message value ({@link VocabAnnouncementJson}'s format) back into a
 * {@link VocabAnnouncement}. Unknown keys are ignored (a newer producer's additions); a missing or
 * mistyped field, another schema_version, or a key that is not the version refuse the message.
 * Stateless and thread-safe.
 */
public final class VocabAnnouncementParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private VocabAnnouncementParser() {}

  /**
   * @param key the record key (the version as decimal text), or null when the producer sent none
   * @throws BadAnnouncement naming the field that is missing or wrong
   */
  public static VocabAnnouncement parse(String key, String value) throws BadAnnouncement {
    if (value == null) throw new BadAnnouncement("empty scone.vocab message (expected a JSON object, found null)");
    JsonNode node;
    try {
      node = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      throw new BadAnnouncement("scone.vocab message is not JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (node == null || !node.isObject()) throw new BadAnnouncement("scone.vocab message is not a JSON object");
    long schema = integer(node, "schema_version");
    if (schema != VocabAnnouncementJson.SCHEMA_VERSION) {
      throw new BadAnnouncement("unsupported schema_version (expected " + VocabAnnouncementJson.SCHEMA_VERSION
          + ", found " + schema + ")");
    }
    long version = integer(node, "version");
    if (version < 1) throw new BadAnnouncement("version must be >= 1, found " + version);
    if (key != null && !key.equals(Long.toString(version))) {
      throw new BadAnnouncement("record key '" + key + "' is not the announced version " + version);
    }
    return new VocabAnnouncement(version, text(node, "uri"), text(node, "sha256"), (int) integer(node, "fgrams"),
        (int) integer(node, "max_n"), text(node, "created_at"));
  }

  private static long integer(JsonNode node, String field) throws BadAnnouncement {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new BadAnnouncement("field '" + field + "' must be an integer, found " + v);
    }
    return v.asLong();
  }

  private static String text(JsonNode node, String field) throws BadAnnouncement {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new BadAnnouncement("field '" + field + "' must be a non-empty string, found " + v);
    }
    return v.asText();
  }
}
