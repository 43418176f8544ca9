package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.jobs.RetainedCheckpoints;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scone count-live} stopped and started again continues from its retained checkpoint: the
 * second run neither recounts the documents the first one counted nor announces a version twice.
 */
class CountLiveCommandIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration GIVE_UP = Duration.ofSeconds(90);
  private static final int[] BROWN_FOX = Tokenizers.byName("gpt2").encode(" brown fox");

  @TempDir Path dir;

  @Test
  void aSecondRunContinuesFromTheCheckpointWithoutRecountingOrReannouncing() throws Exception {
    KAFKA.createTopic("scone.corpus", 1);
    KAFKA.createTopic("scone.vocab", 1);
    Path checkpoints = dir.resolve("checkpoints");
    String[] args = {"--bootstrap", KAFKA.bootstrapServers(), "--store", dir.resolve("store").toString(),
        "--checkpoint-dir", checkpoints.toString(), "--parallelism", "1", "--fgrams", "40", "--fgram-min-count", "2",
        "--publish-interval-ms", "300", "--checkpoint-interval-ms", "300"};
    try (Announcements announced = new Announcements()) {
      produce("fox", 30, "the quick brown fox jumps over the lazy dog");
      JobClient first = start(args);
      try {
        announced.awaitCount(BROWN_FOX, 30);
        awaitRetainedCheckpoint(checkpoints);
      } finally {
        first.cancel().get();
      }
      long versionsBefore = announced.versions().size();

      produce("stitch", 30, "a stitch in time saves nine");
      StringWriter printed = new StringWriter();
      JobClient second = start(printed, args);
      try {
        assertTrue(printed.toString().contains("continuing from checkpoint"), printed.toString());
        FgramVocabulary after = announced.awaitCount(Tokenizers.byName("gpt2").encode(" stitch in"), 30);
        assertEquals(30, count(after, BROWN_FOX), "the first run's documents are not counted again");
      } finally {
        second.cancel().get();
      }
      List<Long> versions = announced.versions();
      assertTrue(versions.size() > versionsBefore, "the second run announced a new version: " + versions);
      for (int i = 1; i < versions.size(); i++) {
        assertTrue(versions.get(i) > versions.get(i - 1), "versions increase, none announced twice: " + versions);
      }
    }
  }

  private static JobClient start(String... args) throws Exception {
    return start(new StringWriter(), args);
  }

  private static JobClient start(StringWriter printed, String... args) throws Exception {
    CountLiveCommand command = new CountLiveCommand();
    new picocli.CommandLine(command).parseArgs(args);
    return command.start(new PrintWriter(printed, true));
  }

  private static void produce(String prefix, int documents, String text) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", KAFKA.bootstrapServers()),
        new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < documents; i++) {
        String id = prefix + "-" + i;
        producer.send(new ProducerRecord<>("scone.corpus", id, "{\"id\":\"" + id + "\",\"text\":\"" + text + " " + i + ".\"}"));
      }
    }
  }

  private static void awaitRetainedCheckpoint(Path checkpoints) throws Exception {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    while (RetainedCheckpoints.latest(checkpoints).isEmpty()) {
      if (System.nanoTime() > deadline) fail("no complete checkpoint under " + checkpoints);
      Thread.sleep(100);
    }
  }

  private static long count(FgramVocabulary vocab, int[] ngram) {
    for (int id = 0; id < vocab.size(); id++) {
      if (Arrays.equals(vocab.tokens(id), ngram)) return vocab.count(id);
    }
    return 0;
  }

  /** Committed scone.vocab announcements (read_committed), with the vocabulary each file holds. */
  private static final class Announcements implements AutoCloseable {
    private final KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer());
    private final List<Long> versions = new ArrayList<>();

    Announcements() {
      consumer.subscribe(List.of("scone.vocab"));
    }

    /** Polls until an announced vocabulary counts {@code ngram} exactly {@code expected} times. */
    FgramVocabulary awaitCount(int[] ngram, long expected) throws Exception {
      long deadline = System.nanoTime() + GIVE_UP.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          JsonNode a = JSON.readTree(r.value());
          versions.add(a.get("version").asLong());
          FgramVocabulary v = VocabularyFile.read(Path.of(URI.create(a.get("uri").asText())), a.get("sha256").asText())
              .vocabulary();
          if (count(v, ngram) == expected) return v;
        }
      }
      fail("no announced vocabulary counts " + Arrays.toString(ngram) + " " + expected + " times; versions " + versions);
      return null;
    }

    List<Long> versions() {
      return List.copyOf(versions);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
