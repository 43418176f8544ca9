package dev.scone.jobs.serve;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A test client of the serving job: sends requests (any bytes, optional headers) and reads
 * answers with a read_committed consumer from the beginning of the given topics.
 */
public final class ServingClient implements AutoCloseable {
  private static final Duration LIMIT = Duration.ofSeconds(45);

  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<Answer> received = new ArrayList<>();

  public ServingClient(String bootstrap, List<String> answerTopics) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : answerTopics) consumer.partitionsFor(t).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  /** Sends {@code value} keyed by {@code key}; headers as name, value pairs (UTF-8). */
  public void send(String topic, String key, byte[] value, String... headers) {
    send(topic, null, key, value, headers);
  }

  /** Sends to {@code partition} (null: the key's). */
  public void send(String topic, Integer partition, String key, byte[] value, String... headers) {
    RecordHeaders h = new RecordHeaders();
    for (int i = 0; i < headers.length; i += 2) h.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
    producer.send(new ProducerRecord<>(topic, partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, h));
  }

  public void send(String topic, String key, String json, String... headers) {
    send(topic, key, json.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** Sends {@code json} with the record timestamp {@code timestampMs} (a topic with CreateTime keeps it). */
  public void sendAt(long timestampMs, String topic, String key, String json) {
    producer.send(new ProducerRecord<>(topic, null, timestampMs, key.getBytes(StandardCharsets.UTF_8),
        json.getBytes(StandardCharsets.UTF_8)));
  }

  public void flush() {
    producer.flush();
  }

  /** Polls until {@code done} holds for everything received so far; fails after 45 s. */
  public List<Answer> awaitUntil(Predicate<List<Answer>> done, String what) {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!done.test(received)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; received " + received.size() + ": " + summary());
      }
      poll(Duration.ofMillis(200));
    }
    return List.copyOf(received);
  }

  /** Polls for {@code quietMs} more and returns everything received (to catch duplicates). */
  List<Answer> drain(long quietMs) {
    long until = System.nanoTime() + quietMs * 1_000_000;
    while (System.nanoTime() < until) poll(Duration.ofMillis(100));
    return List.copyOf(received);
  }

  private void poll(Duration d) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(d)) {
      Map<String, String> headers = new HashMap<>();
      for (Header h : r.headers()) headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
      received.add(new Answer(r.topic(), r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), r.value(),
          headers));
    }
  }

  private String summary() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(5, received.size()); i++) s.append(received.get(i).topic()).append(' ').append(received.get(i).text()).append("; ");
    return s.toString();
  }

  @Override
  public void close() {
    producer.close();
    consumer.close();
  }
}
