package dev.scone.chaos;

import dev.scone.kafka.KafkaClientProps;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every committed record on the answer topics, tallied by key: a {@code read_committed} consumer
 * from the beginning of each topic, so aborted transactions of a killed job never count, and a
 * second committed answer for the same request shows up as a duplicate. Also remembers each
 * record's {@code error.code} header. Not thread-safe.
 */
public final class AnswerLedger implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Map<String, Integer>> countsByTopic = new HashMap<>();
  private final Map<String, String> errorCodes = new HashMap<>();

  public AnswerLedger(String bootstrap, List<String> topics) {
    Properties c = KafkaClientProps.consumer(bootstrap);
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : topics) {
      consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
      countsByTopic.put(t, new HashMap<>());
    }
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  /** Polls once for up to {@code wait}. */
  public void poll(Duration wait) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
      String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
      countsByTopic.get(r.topic()).merge(key, 1, Integer::sum);
      Header code = r.headers().lastHeader("error.code");
      if (code != null) errorCodes.put(key, new String(code.value(), StandardCharsets.UTF_8));
    }
  }

  /** Polls until {@code done} holds or {@code limit} passes; whether it held. */
  public boolean pollUntil(BooleanSupplier done, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) return false;
      poll(Duration.ofMillis(200));
    }
    return true;
  }

  /** Polls for {@code quiet} more, so that late duplicates are seen too. */
  public void drain(Duration quiet) {
    long until = System.nanoTime() + quiet.toNanos();
    while (System.nanoTime() < until) poll(Duration.ofMillis(100));
  }

  /** How many of {@code keys} have at least one committed record on {@code topic}. */
  public int answered(String topic, Set<String> keys) {
    Map<String, Integer> counts = countsByTopic.get(topic);
    int n = 0;
    for (String k : keys) if (counts.containsKey(k)) n++;
    return n;
  }

  /** Committed records on {@code topic}, by key. */
  public Map<String, Integer> counts(String topic) {
    return Map.copyOf(countsByTopic.get(topic));
  }

  /** The keys with more than one committed record on {@code topic}. */
  public Set<String> duplicates(String topic) {
    Set<String> dup = new HashSet<>();
    countsByTopic.get(topic).forEach((k, n) -> {
      if (n > 1) dup.add(k);
    });
    return dup;
  }

  /** The {@code error.code} header of the last record with {@code key} that had one, or null. */
  public String errorCode(String key) {
    return errorCodes.get(key);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
