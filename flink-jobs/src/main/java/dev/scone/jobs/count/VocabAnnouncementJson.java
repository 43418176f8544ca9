package dev.scone.jobs.count;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Writes a {@link VocabAnnouncement} as the {@code scone.vocab} JSON value (UTF-8). Thread-safe. */
public final class VocabAnnouncementJson implements SerializationSchema<VocabAnnouncement> {
  public static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public byte[] serialize(VocabAnnouncement a) {
    ObjectNode node = JSON.createObjectNode()
        .put("schema_version", SCHEMA_VERSION)
        .put("version", a.version)
        .put("uri", a.uri)
        .put("sha256", a.sha256)
        .put("fgrams", a.fgrams)
        .put("max_n", a.maxN)
        .put("created_at", a.createdAt);
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The message key: the version, as decimal text. */
  public static final class Key implements SerializationSchema<VocabAnnouncement> {
    @Override
    public byte[] serialize(VocabAnnouncement a) {
      return Long.toString(a.version).getBytes(StandardCharsets.UTF_8);
    }
  }
}
