package dev.scone.counting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.table.VocabularyFile;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unbounded job (checkpointing on, parallelism 2) over a source that never ends, announcing on
 * a real broker's {@code scone.vocab}: some announced version equals the batch selection.
 */
class StreamingFgramCountJobIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Liveness bound only (not a speed assertion): the job needs a few seconds of intervals. */
  private static final Duration GIVE_UP = Duration.ofSeconds(90);

  @TempDir Path dir;

  /** Record i for i below the list's size, then empty records (bad, skipped) forever. */
  private static final class Records implements GeneratorFunction<Long, byte[]> {
    private final byte[][] records;

    Records(List<byte[]> records) {
      this.records = records.toArray(new byte[0][]);
    }

    @Override
    public byte[] map(Long i) {
      return i < records.length ? records[(int) (long) i] : new byte[0];
    }
  }

  @Test
  void announcesOnSconeVocabAVersionEqualToTheBatchSelection() throws Exception {
    KAFKA.createTopic("scone.vocab", 1);
    Random random = new Random(11);
    List<String> texts = new ArrayList<>();
    List<byte[]> records = new ArrayList<>();
    for (int d = 0; d < 12; d++) {
      String text = FgramCountJobIT.randomText(random, 80 + random.nextInt(300));
      texts.add(text);
      String value = d % 2 == 0 ? text : JSON.writeValueAsString(Map.of("id", "d" + d, "text", text));
      records.add(value.getBytes(StandardCharsets.UTF_8));
    }
    records.add(3, new byte[] {(byte) 0xFF, 'x'});
    records.add(7, "{\"id\": \"broken\"".getBytes(StandardCharsets.UTF_8));

    int maxN = 3;
    CountJobConfig config = new CountJobConfig("gpt2", maxN, 40, 3, 2, CountJobConfig.DEFAULT_MAX_DOCUMENT_CHARS,
        true, CountingMode.EXACT, dir.resolve("store").toString(), "");
    StreamExecutionEnvironment env = FgramCountJob.localEnvironment(config);
    env.enableCheckpointing(300);
    DataGeneratorSource<byte[]> source = new DataGeneratorSource<>(new Records(records), Long.MAX_VALUE,
        RateLimiterStrategy.perSecond(100), PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    StreamingFgramCountJob.build(env.fromSource(source, WatermarkStrategy.noWatermarks(), "records").uid("records"),
            config, new StreamingIntervals(200, 300))
        .sinkTo(new VocabAnnouncementSink(KAFKA.bootstrapServers(), "scone.vocab")).name("announce").uid("announce");

    FgramVocabulary expected = batchSelection(texts, maxN, config.fgrams(), config.minCount());
    assertEquals(config.fgrams(), expected.size(), "the test needs more candidates than S, so top-S matters");
    JobClient job = env.executeAsync("streaming count IT");
    try {
      awaitAnnouncementOf(expected, maxN);
    } finally {
      job.cancel().get();
    }
  }

  private void awaitAnnouncementOf(FgramVocabulary expected, int maxN) throws Exception {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      consumer.subscribe(List.of("scone.vocab"));
      long deadline = System.nanoTime() + GIVE_UP.toNanos();
      String last = "none";
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          JsonNode a = JSON.readTree(r.value());
          last = r.value();
          long version = a.get("version").asLong();
          assertEquals(Long.toString(version), r.key(), "the key is the version");
          assertEquals(1, a.get("schema_version").asInt());
          assertEquals(maxN, a.get("max_n").asInt());
          VocabularyFile.Contents c = VocabularyFile.read(Path.of(URI.create(a.get("uri").asText())), a.get("sha256").asText());
          assertEquals(c.vocabulary().size(), a.get("fgrams").asInt());
          if (expected.withVersion(version).sameContent(c.vocabulary())) return;
        }
      }
      fail("no announcement of the expected vocabulary (" + expected + ") within " + GIVE_UP + "; last: " + last);
    }
  }

  private static KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new StringDeserializer());
  }

  private static FgramVocabulary batchSelection(List<String> texts, int maxN, int fgrams, long minCount) {
    Tokenizer tokenizer = Tokenizers.byName("gpt2");
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), maxN);
    for (String t : texts) counter.addDocument(tokenizer.encode(t));
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), maxN, 0);
    return new FgramSelector(fgrams, minCount).select(counter, meta);
  }
}
