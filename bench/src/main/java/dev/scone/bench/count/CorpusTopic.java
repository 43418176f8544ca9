package dev.scone.bench.count;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.kafka.KafkaClientProps;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fills a fresh corpus topic with documents as {@code {"id": "dN", "text": ...}} records keyed by
 * their id, so the default partitioner spreads them over the partitions. Stateless; safe from any
 * thread.
 */
final class CorpusTopic {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CorpusTopic() {}

  /**
   * Creates {@code topic} with {@code partitions} partitions (replication 1) and produces every
   * document, waiting for all acks ({@code acks=all}).
   *
   * @throws IllegalStateException when the topic cannot be created or a send fails
   */
  static void fill(String bootstrap, String topic, int partitions, List<String> documents) throws Exception {
    try (Admin a = Admin.create(KafkaClientProps.admin(bootstrap))) {
      a.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topic " + topic + " with " + partitions + " partitions at " + bootstrap, e);
    }
    Properties props = KafkaClientProps.producer(bootstrap);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (int d = 0; d < documents.size(); d++) {
        String id = "d" + d;
        byte[] value = JSON.writeValueAsString(Map.of("id", id, "text", documents.get(d))).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, id, value), (meta, e) -> {
          if (e != null) throw new IllegalStateException("cannot produce document " + id + " to " + topic, e);
        });
      }
      producer.flush();
    }
  }
}
