package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A {@code read_committed} reader of {@code scone.vocab} that keeps every announcement it has seen,
 * each checked against the file it names (SHA-256, version, |F|). Not thread-safe.
 */
final class CommittedAnnouncements implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One committed announcement and the vocabulary in its file. */
  record Seen(long version, FgramVocabulary vocabulary) {}

  private final KafkaConsumer<String, String> consumer;
  private final int maxN;
  private final List<Seen> seen = new ArrayList<>();

  CommittedAnnouncements(String bootstrap, String topic, int maxN) {
    this.maxN = maxN;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
  }

  /** Polls until an announced file holds {@code expected} (versions aside); fails after {@link AnnouncementWatch#GIVE_UP}. */
  Seen await(FgramVocabulary expected) throws Exception {
    long deadline = System.nanoTime() + AnnouncementWatch.GIVE_UP.toNanos();
    int checked = 0;
    while (System.nanoTime() < deadline) {
      poll(Duration.ofMillis(200));
      for (; checked < seen.size(); checked++) {
        Seen s = seen.get(checked);
        if (expected.withVersion(s.version()).sameContent(s.vocabulary())) return s;
      }
    }
    fail("no committed announcement of " + BatchReference.describe(expected) + " within " + AnnouncementWatch.GIVE_UP
        + "; seen versions " + versions());
    return null;
  }

  /** Polls for {@code quiet} more, keeping whatever else arrives. */
  void drain(Duration quiet) throws Exception {
    long end = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < end) poll(Duration.ofMillis(100));
  }

  private void poll(Duration timeout) throws Exception {
    for (ConsumerRecord<String, String> r : consumer.poll(timeout)) {
      JsonNode a = JSON.readTree(r.value());
      long version = a.get("version").asLong();
      assertEquals(Long.toString(version), r.key(), "the key is the version");
      assertEquals(maxN, a.get("max_n").asInt());
      VocabularyFile.Contents c = VocabularyFile.read(Path.of(URI.create(a.get("uri").asText())), a.get("sha256").asText());
      assertEquals(version, c.vocabulary().meta().version(), "the announced file carries the announced version");
      assertEquals(c.vocabulary().size(), a.get("fgrams").asInt());
      seen.add(new Seen(version, c.vocabulary()));
    }
  }

  /** Every version seen, in topic order. */
  List<Long> versions() {
    return seen.stream().map(Seen::version).toList();
  }

  /** Each version once, increasing; consecutive versions announce different vocabularies. */
  void assertNoDuplicatedVersion() {
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i).version() > seen.get(i - 1).version(), "versions must increase without repeats: " + versions());
      assertTrue(!seen.get(i).vocabulary().withVersion(0).sameContent(seen.get(i - 1).vocabulary().withVersion(0)),
          "version " + seen.get(i).version() + " repeats the content of " + seen.get(i - 1).version());
    }
  }

  /** The last announcement seen. */
  Seen last() {
    return seen.get(seen.size() - 1);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
