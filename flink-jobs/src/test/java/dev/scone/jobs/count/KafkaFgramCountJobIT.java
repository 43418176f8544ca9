package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * scone.corpus -> the unbounded job (checkpointing on, parallelism 2) -> scone.vocab, on a real
 * broker.
 */
class KafkaFgramCountJobIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void corpusTopicToAnnouncedVocabularyEqualToTheBatchSelection() throws Exception {
    KAFKA.createTopic(KafkaCountConfig.CORPUS_TOPIC, 2);
    KAFKA.createTopic(KafkaCountConfig.VOCAB_TOPIC, 1);
    Random random = new Random(13);
    List<String> texts = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      for (int d = 0; d < 12; d++) {
        String text = BatchReference.randomText(random, 80 + random.nextInt(300));
        texts.add(text);
        String value = d % 2 == 0 ? text : JSON.writeValueAsString(Map.of("id", "d" + d, "text", text));
        producer.send(new ProducerRecord<>(KafkaCountConfig.CORPUS_TOPIC, "d" + d, value.getBytes(StandardCharsets.UTF_8)));
      }
      producer.send(new ProducerRecord<>(KafkaCountConfig.CORPUS_TOPIC, "bad", new byte[] {(byte) 0xC0, 'x'}));
      producer.send(new ProducerRecord<>(KafkaCountConfig.CORPUS_TOPIC, null, new byte[0]));
      producer.flush();
    }

    int maxN = 3;
    CountJobConfig config = new CountJobConfig("gpt2", maxN, 40, 3, 2, CountJobConfig.DEFAULT_MAX_DOCUMENT_CHARS,
        true, CountingMode.EXACT, dir.resolve("store").toString(), "");
    FgramVocabulary expected = BatchReference.select(texts, maxN, config.fgrams(), config.minCount());
    assertEquals(config.fgrams(), expected.size(), "the test needs more candidates than S, so top-S matters");
    KafkaCountConfig kafka = new KafkaCountConfig(KAFKA.bootstrapServers(), KafkaCountConfig.CORPUS_TOPIC,
        KafkaCountConfig.VOCAB_TOPIC, "it-count", 300);
    Set<Path> before = checkpointDirs();
    JobClient job = KafkaFgramCountJob.start(config, new StreamingIntervals(200, 300), kafka);
    try {
      AnnouncementWatch.awaitAnnouncementOf(KAFKA.bootstrapServers(), KafkaCountConfig.VOCAB_TOPIC, expected, maxN);
      assertEquals(1, newCheckpointDirs(before).size(), "the job checkpoints into a directory of its own");
    } finally {
      job.cancel().get();
    }
    try {
      job.getJobExecutionResult().get();
    } catch (ExecutionException cancelled) {
      // how a cancelled job's result ends; the directory goes either way
    }
    // the deletion runs when the result future completes, possibly just after get() returns
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!newCheckpointDirs(before).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
    assertEquals(Set.of(), newCheckpointDirs(before), "the job's checkpoint directory is removed when it ends");
  }

  private static Set<Path> newCheckpointDirs(Set<Path> before) throws IOException {
    Set<Path> now = checkpointDirs();
    now.removeAll(before);
    return now;
  }

  private static Set<Path> checkpointDirs() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries.filter(p -> p.getFileName().toString().startsWith(KafkaFgramCountJob.CHECKPOINT_DIR_PREFIX))
          .collect(Collectors.toSet());
    }
  }
}
