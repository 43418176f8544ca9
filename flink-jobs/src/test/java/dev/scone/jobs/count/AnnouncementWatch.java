package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code scone.vocab} announcements, checking each one, until one announces the expected F. */
final class AnnouncementWatch {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Liveness bound only (not a speed assertion): the jobs need a few seconds of intervals. */
  static final Duration GIVE_UP = Duration.ofSeconds(90);

  private AnnouncementWatch() {}

  static void awaitAnnouncementOf(String bootstrap, String topic, FgramVocabulary expected, int maxN) throws Exception {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + GIVE_UP.toNanos();
      String last = "none";
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          last = r.value();
          if (announces(r, expected, maxN)) return;
        }
      }
      fail("no announcement of the expected vocabulary (" + expected + ") within " + GIVE_UP + "; last: " + last);
    }
  }

  /** Checks the message's fields against the file it names; true when that file holds {@code expected}. */
  private static boolean announces(ConsumerRecord<String, String> r, FgramVocabulary expected, int maxN) throws Exception {
    JsonNode a = JSON.readTree(r.value());
    long version = a.get("version").asLong();
    assertEquals(Long.toString(version), r.key(), "the key is the version");
    assertEquals(1, a.get("schema_version").asInt());
    assertEquals(maxN, a.get("max_n").asInt());
    VocabularyFile.Contents c = VocabularyFile.read(Path.of(URI.create(a.get("uri").asText())), a.get("sha256").asText());
    assertEquals(c.vocabulary().size(), a.get("fgrams").asInt());
    return expected.withVersion(version).sameContent(c.vocabulary());
  }
}
