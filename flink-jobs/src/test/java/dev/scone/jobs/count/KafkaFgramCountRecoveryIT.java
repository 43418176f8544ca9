package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.jobs.RetainedCheckpoints;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery of {@link KafkaFgramCountJob} on a real broker, parallelism 2, exactly-once
 * announcements: a job that fails once mid-stream, and one cancelled mid-stream and started again
 * from its retained checkpoint, both end on the batch selection over the whole corpus (what an
 * uninterrupted run publishes, see {@link KafkaFgramCountJobIT}), and a {@code read_committed}
 * reader of {@code scone.vocab} sees every version once.
 *
 * <p>The corpus arrives in two halves; the second is produced only after the first half's
 * vocabulary was announced and committed, so the interruption falls after a completed checkpoint
 * that holds counts and a version, and before the rest of the input. The injected failure strikes
 * at the worst moment for versions: right after version 2's file was written and its announcement
 * handed to the sink, before the checkpoint that would commit it.
 */
class KafkaFgramCountRecoveryIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_N = 3;
  /** Static: the MiniCluster runs in this JVM, and the flag must survive the restart of the operator. */
  static final AtomicBoolean FAILED = new AtomicBoolean();

  @TempDir Path dir;
  private final List<String> firstHalf = new ArrayList<>();
  private final List<String> secondHalf = new ArrayList<>();
  private CountJobConfig config;

  @BeforeEach
  void corpus() {
    Random random = new Random(21);
    for (int d = 0; d < 10; d++) firstHalf.add(BatchReference.randomText(random, 80 + random.nextInt(300)));
    for (int d = 0; d < 10; d++) secondHalf.add(BatchReference.randomText(random, 80 + random.nextInt(300)));
    config = new CountJobConfig("gpt2", MAX_N, 40, 3, 2, CountJobConfig.DEFAULT_MAX_DOCUMENT_CHARS,
        true, CountingMode.EXACT, dir.resolve("store").toString(), "");
  }

  /**
   * Throws once, on the first announcement of a version after the first: chained after the
   * announcement sink (which is wired first, so it receives each announcement first), it fails the
   * job after the sink wrote the announcement into its open transaction.
   */
  static final class FailAfterSecondPublish implements MapFunction<VocabAnnouncement, VocabAnnouncement> {
    @Override
    public VocabAnnouncement map(VocabAnnouncement a) {
      if (a.version >= 2 && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure after publishing version " + a.version + " (test)");
      }
      return a;
    }
  }

  @Test
  void oneFailureMidStreamEndsOnTheSameVocabularyWithEachVersionAnnouncedOnce() throws Exception {
    KafkaCountConfig kafka = topics("fail");
    FAILED.set(false);
    Configuration flink = new Configuration();
    flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = FgramCountJob.localEnvironment(config, flink);
    DataStream<VocabAnnouncement> announcements =
        StreamingFgramCountJob.build(KafkaFgramCountJob.corpus(env, config, kafka), config, new StreamingIntervals(200, 300));
    announcements.sinkTo(KafkaFgramCountJob.announcements(kafka)).name("announce").uid("announce");
    announcements.map(new FailAfterSecondPublish()).name("fail-once").uid("fail-once")
        .sinkTo(new DiscardingSink<>()).name("discard").uid("discard");

    produce(kafka, firstHalf, "a");
    JobClient job = env.executeAsync("recovery IT: injected failure");
    assertTrue(!FAILED.get());
    try (CommittedAnnouncements announced = new CommittedAnnouncements(KAFKA.bootstrapServers(), kafka.vocabTopic(), MAX_N)) {
      announced.await(select(firstHalf));
      produce(kafka, secondHalf, "b");
      announced.await(select(all()));
      announced.drain(Duration.ofSeconds(2));
      assertTrue(FAILED.get(), "the failure was injected");
      announced.assertNoDuplicatedVersion();
      assertTrue(select(all()).withVersion(announced.last().version()).sameContent(announced.last().vocabulary()),
          "the last announcement is the vocabulary of the whole corpus; versions " + announced.versions());
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void cancelledJobRestartedFromItsRetainedCheckpointEndsOnTheSameVocabulary() throws Exception {
    KafkaCountConfig kafka = topics("restore");
    Path checkpoints = dir.resolve("checkpoints");
    Configuration flink = new Configuration();
    flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    StreamingIntervals intervals = new StreamingIntervals(200, 300);

    produce(kafka, firstHalf, "a");
    try (CommittedAnnouncements announced = new CommittedAnnouncements(KAFKA.bootstrapServers(), kafka.vocabTopic(), MAX_N)) {
      JobClient first = KafkaFgramCountJob.start(config, intervals, kafka, flink);
      CommittedAnnouncements.Seen beforeCancel;
      try {
        beforeCancel = announced.await(select(firstHalf));
      } finally {
        first.cancel().get();
      }
      Path retained = latestCheckpoint(checkpoints);
      produce(kafka, secondHalf, "b");

      Configuration restore = new Configuration(flink);
      restore.set(StateRecoveryOptions.SAVEPOINT_PATH, retained.toUri().toString());
      JobClient second = KafkaFgramCountJob.start(config, intervals, kafka, restore);
      try {
        CommittedAnnouncements.Seen after = announced.await(select(all()));
        announced.drain(Duration.ofSeconds(2));
        assertTrue(after.version() > beforeCancel.version(), "the restored job continues the version numbers");
        announced.assertNoDuplicatedVersion();
        assertEquals(after.version(), announced.last().version(), "nothing is announced after the final vocabulary");
      } finally {
        second.cancel().get();
      }
    }
  }

  private KafkaCountConfig topics(String name) {
    String corpus = "corpus-" + name;
    String vocab = "vocab-" + name;
    KAFKA.createTopic(corpus, 2);
    KAFKA.createTopic(vocab, 1);
    return new KafkaCountConfig(KAFKA.bootstrapServers(), corpus, vocab, "it-" + name, 300);
  }

  private List<String> all() {
    List<String> all = new ArrayList<>(firstHalf);
    all.addAll(secondHalf);
    return all;
  }

  private FgramVocabulary select(List<String> texts) {
    FgramVocabulary v = BatchReference.select(texts, MAX_N, config.fgrams(), config.minCount());
    assertEquals(config.fgrams(), v.size(), "the test needs more candidates than S, so top-S matters");
    return v;
  }

  /** Produces the texts as {@code {"id","text"}} records with ids {@code half + index}. */
  private static void produce(KafkaCountConfig kafka, List<String> texts, String half) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
      for (int d = 0; d < texts.size(); d++) {
        String id = half + d;
        byte[] value = JSON.writeValueAsString(Map.of("id", id, "text", texts.get(d))).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(kafka.corpusTopic(), id, value)).get();
      }
    }
  }

  /** The newest complete checkpoint under {@code root}. */
  private static Path latestCheckpoint(Path root) throws Exception {
    return RetainedCheckpoints.latest(root).orElseThrow(() -> new AssertionError("no retained checkpoint under " + root));
  }
}
