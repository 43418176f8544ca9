package dev.scone.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain kafka-clients producers and consumers for the broker tests (String keys and values). */
final class KafkaClients {

  /** Consumers give up after this long without reaching the end offsets: a hung test fails instead. */
  private static final Duration CONSUME_LIMIT = Duration.ofSeconds(30);

  private KafkaClients() {}

  /** Creates a topic with replication factor 1 and waits until the broker confirms it. */
  static void createTopic(String bootstrap, String name, int partitions) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topic " + name + " with " + partitions + " partitions", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + name, e);
    }
  }

  static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
    Map<String, Object> props = new HashMap<>(extra);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  /**
   * Sends all records (idempotent producer: no reordering on retry), waits for every ack; returns
   * "partition/key/value" strings in send order.
   */
  static List<String> produce(String bootstrap, String topic, List<String[]> keyValues) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<String, String> producer =
        producer(bootstrap, Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"))) {
      for (String[] kv : keyValues) {
        acks.add(producer.send(new ProducerRecord<>(topic, kv[0], kv[1])));
      }
      producer.flush();
    }
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < keyValues.size(); i++) {
      String[] kv = keyValues.get(i);
      sent.add(acks.get(i).get().partition() + "/" + kv[0] + "/" + kv[1]);
    }
    return sent;
  }

  /**
   * Everything in {@code topic} from the beginning up to the end offsets at call time, as
   * "partition/key/value" strings, partition by partition in offset order.
   *
   * @param isolation "read_committed" or "read_uncommitted"
   */
  static List<String> consumeAll(String bootstrap, String topic, String isolation) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<Integer, List<String>> byPartition = new HashMap<>();
      long deadline = System.nanoTime() + CONSUME_LIMIT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("consumer did not reach end offsets " + end + " of " + topic);
        }
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>())
              .add(r.partition() + "/" + r.key() + "/" + r.value());
        }
      }
      List<String> all = new ArrayList<>();
      byPartition.keySet().stream().sorted().forEach(p -> all.addAll(byPartition.get(p)));
      return all;
    }
  }

  /** Reorders "partition/key/value" strings partition by partition, keeping order within each. */
  static List<String> groupedByPartition(List<String> sent) {
    Map<Integer, List<String>> byPartition = new HashMap<>();
    for (String s : sent) {
      byPartition.computeIfAbsent(Integer.parseInt(s.substring(0, s.indexOf('/'))), p -> new ArrayList<>()).add(s);
    }
    List<String> all = new ArrayList<>();
    byPartition.keySet().stream().sorted().forEach(p -> all.addAll(byPartition.get(p)));
    return all;
  }

  private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
