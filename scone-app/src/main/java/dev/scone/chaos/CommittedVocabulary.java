package dev.scone.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.kafka.KafkaClientProps;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The committed {@code scone.vocab} announcements ({@code read_committed}) and the vocabulary the
 * newest one points at, read and checksum-verified from the store. Not thread-safe.
 */
public final class CommittedVocabulary implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KafkaConsumer<String, String> consumer;
  private final List<Long> versions = new ArrayList<>();
  private FgramVocabulary last;

  public CommittedVocabulary(String bootstrap, String topic) {
    // Not KafkaClientProps.consumer(bootstrap, group): this throwaway group keeps Kafka's auto-commit.
    Properties p = KafkaClientProps.readCommitted(bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "chaos-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    consumer.subscribe(List.of(topic));
  }

  /** Polls until the newest announced vocabulary has the content of {@code expected}, or {@code limit} passes. */
  public boolean awaitContent(FgramVocabulary expected, Duration limit) throws IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
        JsonNode a = JSON.readTree(r.value());
        versions.add(a.get("version").asLong());
        last = VocabularyFile.read(Path.of(URI.create(a.get("uri").asText())), a.get("sha256").asText()).vocabulary();
      }
      if (last != null && expected.withVersion(last.meta().version()).sameContent(last)) return true;
    }
    return false;
  }

  /** Versions announced so far, in order. */
  public List<Long> versions() {
    return List.copyOf(versions);
  }

  /** Versions announced more than once (must be none). */
  public long repeatedVersions() {
    return versions.size() - versions.stream().distinct().count();
  }

  public FgramVocabulary last() {
    return last;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
