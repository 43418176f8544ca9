package dev.scone.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.model.LanguageModel;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.bundle.BundlePublisher;
import dev.scone.training.loop.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The trainer service against a real broker, real tiny DJL models and a real bundle store. */
class TrainerServiceIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  /** Tolerates a 50% loss: an untrained model's refresh passes whatever its perplexity does. */
  private static final double TOLERANT = -0.5;
  /** Demands a 50% gain: no refresh of an untrained model reaches it, so the gate must reject. */
  private static final double DEMANDING = 0.5;

  @TempDir Path dir;

  private TrainerConfig config(TinyStore s, String name, double gain) {
    KAFKA.createTopic("vocab-" + name, 1);
    KAFKA.createTopic("tables-" + name, 1);
    return TrainerConfig.defaults(KAFKA.bootstrapServers(), s.root, s.heldOut)
        .withTopics("vocab-" + name, "tables-" + name)
        .withGroup("trainer-" + name, "trainer-" + name + "-tx")
        .withGate(gain);
  }

  @Test
  void newVocabularyIsRefreshedAndAnnouncedWithOldRowsKept() throws Exception {
    TinyStore s = TinyStore.create(dir);
    TrainerConfig c = config(s, "refresh", TOLERANT);
    send(c.vocabTopic(), "2", TinyStore.announcement(s.vocab2));
    try (Running r = Running.start(c)) {
      r.await(st -> st.handled() == 1, "one version handled");
      assertEquals(1, r.service.stats().published());
    }
    List<ConsumerRecord<String, String>> tables = readAll(c.tablesTopic());
    assertEquals(1, tables.size());
    assertEquals("2", tables.get(0).key());
    BundleRef ref = BundleRef.fromJson(tables.get(0).value());
    assertEquals(2, ref.version());
    assertEquals(2, ref.vocabVersion());
    BundleStore store = BundleStore.at(s.root);
    try (ModelBundle old = store.open(1); ModelBundle fresh = store.open(ref)) {
      FgramVocabulary v2 = VocabularyFile.read(s.vocab2.file()).vocabulary();
      assertTrue(v2.sameContent(fresh.vocabulary()), "the refreshed table is for vocabulary 2");
      assertRows(old, fresh);
      JsonNode gate = fresh.manifest().eval().get("gate");
      assertTrue(gate.get("accepted").asBoolean());
      assertTrue(gate.get("current_perplexity").asDouble() > 1 && gate.get("candidate_perplexity").asDouble() > 1);
      assertEquals(old.manifest().modelVersion(), fresh.manifest().modelVersion(), "the main model is untouched");
    }
    assertEquals(2, TrainerState.load(s.root).lastVocabVersion());
  }

  /** Old f-grams' rows are the old table's bytes; new f-grams' rows are the f-gram model's output. */
  private static void assertRows(ModelBundle old, ModelBundle fresh) {
    int v = old.manifest().vocabSize();
    Map<String, Integer> oldIds = new HashMap<>();
    for (int id = 0; id < old.vocabulary().size(); id++) oldIds.put(Arrays.toString(old.vocabulary().tokens(id)), id);
    int kept = 0;
    int added = 0;
    try (LanguageModel model = fresh.loadModel(Device.cpu(), true)) {
      for (int id = 0; id < fresh.vocabulary().size(); id++) {
        int[] tokens = fresh.vocabulary().tokens(id);
        Integer before = oldIds.get(Arrays.toString(tokens));
        if (before != null) {
          assertArrayEquals(old.table().row(v + before), fresh.table().row(v + id), "f-gram " + id + " kept its row");
          kept++;
        } else {
          int[] modelIds = Arrays.stream(tokens).map(fresh.tokenIds()::toModel).toArray();
          assertArrayEquals(model.fgramRows(List.of(modelIds), 1), fresh.table().row(v + id), 1e-5f,
              "new f-gram " + id + " has the f-gram model's row");
          added++;
        }
      }
    }
    assertTrue(kept > 0 && added > 0, "the fixture has kept (" + kept + ") and new (" + added + ") f-grams");
  }

  @Test
  void refreshThatMissesTheGateIsNotPublishedOrAnnounced() throws Exception {
    TinyStore s = TinyStore.create(dir);
    TrainerConfig c = config(s, "reject", DEMANDING);
    send(c.vocabTopic(), "2", TinyStore.announcement(s.vocab2));
    try (Running r = Running.start(c)) {
      r.await(st -> st.handled() == 1, "one version handled");
      assertEquals(1, r.service.stats().rejected());
      assertEquals(0, r.service.stats().published());
    }
    assertEquals(List.of(), readAll(c.tablesTopic()));
    assertEquals(List.of(1L), BundleStore.at(s.root).list(), "the rejected candidate never entered the store");
    assertEquals(2, TrainerState.load(s.root).lastVocabVersion(), "a rejected version counts as handled");
    try (var scratch = Files.list(s.root.resolve("trainer").resolve("scratch"))) {
      assertEquals(0, scratch.count(), "the scratch store is removed");
    }
    List<String> lines = Files.readAllLines(s.root.resolve("trainer").resolve(DecisionLog.FILE));
    assertEquals(1, lines.size());
    JsonNode logged = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(0));
    assertFalse(logged.get("accepted").asBoolean());
    assertTrue(logged.get("published_version").isNull());
    assertEquals(2, logged.get("vocab_version").asLong());
    double current = logged.get("current_perplexity").asDouble();
    double candidate = logged.get("candidate_perplexity").asDouble();
    assertTrue(candidate > current * (1 - DEMANDING), "both numbers are logged: " + lines.get(0));
  }

  @Test
  void badAnnouncementsAreSkippedAndTheServiceKeepsGoing() throws Exception {
    TinyStore s = TinyStore.create(dir);
    TrainerConfig c = config(s, "bad", TOLERANT);
    Path outside = dir.resolve("elsewhere").resolve("vocab.arrow");
    Files.createDirectories(outside.getParent());
    Files.copy(s.vocab2.file(), outside);
    send(c.vocabTopic(), "2", TinyStore.announcement(s.vocab2, s.vocab2.file().toUri().toString(), "0".repeat(64)));
    send(c.vocabTopic(), "2", TinyStore.announcement(s.vocab2, outside.toUri().toString(), s.vocab2.sha256()));
    send(c.vocabTopic(), "2", "{not json");
    send(c.vocabTopic(), "3", TinyStore.announcement(s.vocab2)); // key is not the version
    send(c.vocabTopic(), "2", TinyStore.announcement(s.vocab2));
    try (Running r = Running.start(c)) {
      r.await(st -> st.handled() == 1, "the good announcement handled after the bad ones");
      assertEquals(4, r.service.stats().bad());
      assertEquals(1, r.service.stats().published());
    }
    assertEquals(List.of("2"), readAll(c.tablesTopic()).stream().map(ConsumerRecord::key).toList());
  }

  @Test
  void restartDoesNotRepublishHandledVersions() throws Exception {
    TinyStore s = TinyStore.create(dir);
    TrainerConfig c = config(s, "restart", TOLERANT);
    send(c.vocabTopic(), "2", TinyStore.announcement(s.vocab2));
    try (Running r = Running.start(c)) {
      r.await(st -> st.handled() == 1, "one version handled");
    }
    send(c.vocabTopic(), "2", TinyStore.announcement(s.vocab2)); // a duplicate after the restart
    send(c.vocabTopic(), "1", TinyStore.announcement(s.vocab1)); // an older version
    try (Running r = Running.start(c)) {
      r.await(st -> st.skipped() == 2, "the duplicate and the older version skipped");
      assertEquals(0, r.service.stats().handled(), "the first announcement's offset was committed");
      assertEquals(0, r.service.stats().published());
    }
    assertEquals(List.of(1L, 2L), BundleStore.at(s.root).list());
    assertEquals(1, readAll(c.tablesTopic()).size());
  }

  /** As after a crash between publishing and the announcing transaction's commit. */
  @Test
  void aBundleAlreadyPublishedForTheVersionIsAnnouncedNotRebuilt() throws Exception {
    TinyStore s = TinyStore.create(dir);
    TrainerConfig c = config(s, "recover", TOLERANT);
    BundleStore store = BundleStore.at(s.root);
    try (ModelBundle first = store.open(1); LanguageModel model = first.loadModel(Device.cpu(), true)) {
      FgramVocabulary v2 = VocabularyFile.read(s.vocab2.file()).vocabulary();
      BundlePublisher.to(store).publishRefresh(dev.scone.training.bundle.BundleRequest.of(model, first.tokenIds(), "tiny-m1", v2,
          first.manifest().embeddingDtype()), first);
    }
    send(c.vocabTopic(), "2", TinyStore.announcement(s.vocab2));
    try (Running r = Running.start(c)) {
      r.await(st -> st.handled() == 1, "one version handled");
      assertEquals(1, r.service.stats().published());
    }
    assertEquals(List.of(1L, 2L), store.list(), "nothing was built again");
    assertEquals(List.of("2"), readAll(c.tablesTopic()).stream().map(ConsumerRecord::key).toList());
  }

  @Test
  void retrainTriggerPublishesAWarmStartedModelBehindTheGate() throws Exception {
    TinyStore s = TinyStore.create(dir);
    TrainingConfig warm = TrainingConfig.builder().steps(3).batch(2, 16).learningRate(1e-3).minLearningRate(1e-4)
        .warmupSteps(1).weightDecay(0.0).evaluation(0, 1).checkpointEvery(0).seed(1).threads(1).build();
    TrainerConfig c = config(s, "retrain", TOLERANT).withRetraining(s.recent, 1, null, 2.0, warm);
    send(c.vocabTopic(), "2", TinyStore.announcement(s.vocab2));
    try (Running r = Running.start(c)) {
      r.await(st -> st.handled() == 1, "one version handled");
      assertEquals(2, r.service.stats().published(), "the refresh and the retrain");
    }
    List<ConsumerRecord<String, String>> tables = readAll(c.tablesTopic());
    assertEquals(List.of("2", "3"), tables.stream().map(ConsumerRecord::key).toList());
    try (ModelBundle retrained = BundleStore.at(s.root).open(BundleRef.fromJson(tables.get(1).value()))) {
      assertTrue(retrained.manifest().modelVersion().startsWith("tiny-m1-ws"), retrained.manifest().modelVersion());
      assertEquals("retrain", retrained.manifest().eval().get("gate").get("path").asText());
      assertEquals(2, retrained.manifest().eval().get("previous_version").asLong(), "warm-started from the refresh");
      assertEquals(0, TrainerState.load(s.root).versionsSinceRetrain());
    }
  }

  // ---- Kafka and service plumbing ----

  private static void send(String topic, String key, String value) throws Exception {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /** Every committed record of partition 0, from the beginning to the end offset. */
  private static List<ConsumerRecord<String, String>> readAll(String topic) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(tp) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /** A service on its own thread; closing stops it, waits for it and closes it. */
  private static final class Running implements AutoCloseable {
    final TrainerService service;
    final Thread thread;
    volatile Throwable failure;

    private Running(TrainerService service) {
      this.service = service;
      this.thread = new Thread(() -> {
        try {
          service.run();
        } catch (Throwable t) {
          failure = t;
        }
      }, "trainer-under-test");
    }

    static Running start(TrainerConfig c) throws Exception {
      Running r = new Running(TrainerService.create(c));
      r.thread.start();
      return r;
    }

    void await(Predicate<TrainerStats> condition, String what) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!condition.test(service.stats())) {
        if (failure != null) throw new AssertionError("the service failed while waiting for " + what, failure);
        if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + ": " + service.stats());
        Thread.sleep(100);
      }
    }

    @Override
    public void close() throws InterruptedException {
      service.stop();
      thread.join(30_000);
      assertFalse(thread.isAlive(), "the service stopped");
      service.close();
      if (failure != null) throw new AssertionError("the service failed", failure);
    }
  }
}
