package dev.scone.jobs.rescore;

import static dev.scone.jobs.rescore.RescoreFixture.assertScoresEqual;
import static dev.scone.jobs.rescore.RescoreFixture.byId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.jobs.rescore.RescoreInput.KafkaRange;
import dev.scone.jobs.rescore.RescoreOutput.JsonlFile;
import dev.scone.jobs.rescore.RescoreOutput.KafkaTopic;
import dev.scone.testing.TinyBundles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Kafka topic ranges -> the rescore job -> an exactly-once topic or a file, on a real broker. */
class RescoreKafkaIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @TempDir static Path store;
  @TempDir Path dir;

  private static Map<String, String> docs;
  private static TinyBundles.Published bundle;

  @BeforeAll
  static void publishBundle() throws Exception {
    docs = RescoreFixture.documents(new Random(9), 16);
    bundle = TinyBundles.publish(store, List.copyOf(docs.values()), 40, 5);
  }

  @Test
  void wholeTopicRescoresExactlyOnceIntoTheOutputTopicKeyedById() throws Exception {
    KAFKA.createTopic("docs-all", 2);
    KAFKA.createTopic("scores", 1);
    produce("docs-all");
    RescoreConfig config = RescoreConfig.of(bundle.directory(), KafkaRange.whole(KAFKA.bootstrapServers(), "docs-all"),
        new KafkaTopic(KAFKA.bootstrapServers(), "scores"), false, 2, dir.resolve("checkpoints")).withCheckpointInterval(200);

    RescoreRun.run(config, false);

    List<ConsumerRecord<String, String>> records = consumeCommitted("scores");
    List<String> lines = new ArrayList<>();
    for (ConsumerRecord<String, String> r : records) {
      assertEquals(JSON_ID.apply(r.value()), r.key(), "key = id");
      lines.add(r.value());
    }
    assertScoresEqual(RescoreFixture.reference(bundle.directory(), docs), byId(lines), bundle.modelVersion(), false);
  }

  @Test
  void injectedFailureStillLeavesExactlyOneCommittedRecordPerDocument() throws Exception {
    KAFKA.createTopic("docs-fail", 2);
    KAFKA.createTopic("scores-fail", 1);
    Map<String, String> many = RescoreFixture.documents(new Random(21), 60); // input left after the first checkpoint
    produce("docs-fail", many);
    RescoreConfig config = RescoreConfig.of(bundle.directory(), KafkaRange.whole(KAFKA.bootstrapServers(), "docs-fail"),
        new KafkaTopic(KAFKA.bootstrapServers(), "scores-fail"), false, 2, dir.resolve("checkpoints"))
        .withBatchDocuments(2).withCheckpointInterval(100);
    String name = "kafka-" + config.runId();

    RescoreRun.run(config, false, raw -> raw.map(new FailOnceAfterCheckpoint(name, 60)).name("fail-once").uid("fail-once"));

    assertTrue(FailOnceAfterCheckpoint.failed(name), "the injected failure did not happen; the test proves nothing");
    List<String> lines = consumeCommitted("scores-fail").stream().map(ConsumerRecord::value).toList();
    assertEquals(many.size(), lines.size(), "exactly one committed record per document");
    assertScoresEqual(RescoreFixture.reference(bundle.directory(), many), byId(lines), bundle.modelVersion(), false);
  }

  @Test
  void offsetRangeScoresExactlyTheRecordsBetweenStartAndEnd() throws Exception {
    KAFKA.createTopic("docs-range", 2);
    Map<TopicPartition, List<String>> idsByPartition = produce("docs-range");
    Map<Integer, Long> start = new HashMap<>();
    Map<Integer, Long> end = new HashMap<>();
    Map<String, String> expected = new LinkedHashMap<>();
    for (int p = 0; p < 2; p++) {
      List<String> ids = idsByPartition.get(new TopicPartition("docs-range", p));
      start.put(p, 1L);
      end.put(p, (long) ids.size() - 1);
      for (String id : ids.subList(1, ids.size() - 1)) expected.put(id, docs.get(id));
    }
    Path out = dir.resolve("range.jsonl");
    RescoreConfig config = RescoreConfig.of(bundle.directory(), new KafkaRange(KAFKA.bootstrapServers(), "docs-range", start, end),
        new JsonlFile(out), false, 2, dir.resolve("checkpoints")).withCheckpointInterval(200);

    RescoreRun.run(config, false);

    assertScoresEqual(RescoreFixture.reference(bundle.directory(), expected), byId(Files.readAllLines(out)),
        bundle.modelVersion(), false);
  }

  private static final java.util.function.Function<String, String> JSON_ID = line -> {
    try {
      return RescoreFixture.JSON.readTree(line).get("id").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  };

  /** Every document keyed by id; odd ones carry no id in the value (the key is the id). Returns ids by partition, in offset order. */
  private static Map<TopicPartition, List<String>> produce(String topic) throws Exception {
    return produce(topic, docs);
  }

  private static Map<TopicPartition, List<String>> produce(String topic, Map<String, String> docs) throws Exception {
    Map<TopicPartition, List<String>> byPartition = new HashMap<>();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      int i = 0;
      for (Map.Entry<String, String> e : docs.entrySet()) {
        String value = i++ % 2 == 0 ? RescoreFixture.jsonLine(e.getKey(), e.getValue())
            : RescoreFixture.JSON.createObjectNode().put("text", e.getValue()).toString();
        RecordMetadata meta = producer.send(new ProducerRecord<>(topic, i % 2, e.getKey(), value)).get();
        byPartition.computeIfAbsent(new TopicPartition(topic, meta.partition()), p -> new ArrayList<>()).add(e.getKey());
      }
    }
    return byPartition;
  }

  private static List<ConsumerRecord<String, String>> consumeCommitted(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long end = consumer.endOffsets(partitions).get(partitions.get(0));
      List<ConsumerRecord<String, String>> out = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(partitions.get(0)) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }
}
