package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
      String text = BatchReference.randomText(random, 80 + random.nextInt(300));
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

    FgramVocabulary expected = BatchReference.select(texts, maxN, config.fgrams(), config.minCount());
    assertEquals(config.fgrams(), expected.size(), "the test needs more candidates than S, so top-S matters");
    JobClient job = env.executeAsync("streaming count IT");
    try {
      AnnouncementWatch.awaitAnnouncementOf(KAFKA.bootstrapServers(), "scone.vocab", expected, maxN);
    } finally {
      job.cancel().get();
    }
  }
}
