package dev.scone.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.kafka.KafkaClientProps;
import dev.scone.kafka.TopicSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real KRaft nodes in their own JVMs: topics get 3 replicas and min ISR 2, a write acknowledged
 * by all survives SIGKILL of the partition leader, the node rejoins when started again, and stop
 * leaves no process behind.
 */
@Tag("cluster")
class LocalKafkaClusterIT {
  @TempDir Path dir;

  @Test
  void quorumOfThreeKeepsAcknowledgedWritesWhenTheLeaderIsKilled() throws Exception {
    LocalKafkaCluster cluster = LocalKafkaCluster.start(KafkaClusterConfig.in(dir));
    List<Long> pids = cluster.nodes().stream().map(n -> n.orElseThrow().pid()).toList();
    try {
      String bootstrap = cluster.bootstrapServers();
      TopicSetup.createMissing(bootstrap, Map.of("t", 1));
      int leader;
      try (Admin admin = Admin.create(KafkaClientProps.admin(bootstrap))) {
        TopicDescription t = admin.describeTopics(List.of("t")).allTopicNames().get().get("t");
        assertEquals(3, t.partitions().get(0).replicas().size());
        leader = t.partitions().get(0).leader().id();
        String minIsr = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "t"))).all().get()
            .values().iterator().next().get("min.insync.replicas").value();
        assertEquals("2", minIsr);
      }
      try (KafkaProducer<String, String> producer = producer(bootstrap)) {
        for (int i = 0; i < 100; i++) producer.send(new ProducerRecord<>("t", "k" + i, "v" + i)).get();
        ProcessHandle killed = ProcessHandle.of(pids.get(leader - 1)).orElseThrow();
        killed.destroyForcibly(); // SIGKILL: no controlled shutdown, the leader just vanishes
        killed.onExit().get(30, TimeUnit.SECONDS);
        for (int i = 100; i < 200; i++) producer.send(new ProducerRecord<>("t", "k" + i, "v" + i)).get(60, TimeUnit.SECONDS);
      }
      assertEquals(200, countFromStart(bootstrap));
      assertFalse(cluster.nodes().get(leader - 1).isPresent(), "the killed node still counted as running");
      cluster.restartNode(leader);
      assertTrue(cluster.nodes().stream().allMatch(Optional::isPresent));
      assertEquals(200, countFromStart(bootstrap));
    } finally {
      cluster.stop();
    }
    for (long pid : pids) assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
    assertTrue(LocalKafkaCluster.attach(KafkaClusterConfig.in(dir)).isEmpty());
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(KafkaClientProps.idempotentProducer(bootstrap), new StringSerializer(), new StringSerializer());
  }

  private static int countFromStart(String bootstrap) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaClientProps.readCommitted(bootstrap),
        new StringDeserializer(), new StringDeserializer())) {
      TopicPartition p = new TopicPartition("t", 0);
      consumer.assign(List.of(p));
      consumer.seekToBeginning(List.of(p));
      int n = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (n < 200 && System.nanoTime() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        n += records.count();
      }
      return n;
    }
  }
}
