package dev.scone.counting;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@link StreamingFgramCountJob} between Kafka topics: record values of {@code scone.corpus} in,
 * announcements on {@code scone.vocab} out, checkpointing on.
 *
 * <p>Needs {@code org.apache.flink:flink-connector-base} at run time (the Kafka connector declares
 * it {@code provided}); without it the source fails with {@code NoClassDefFoundError:
 * SingleThreadMultiplexSourceReaderBase}. The source starts from the earliest offsets when it has
 * no checkpointed position, so a fresh start recounts the whole topic.
 */
public final class KafkaFgramCountJob {
  private KafkaFgramCountJob() {}

  /** Adds the Kafka source, the pipeline and the announcement sink to {@code env}; turns checkpointing on. */
  public static void wire(StreamExecutionEnvironment env, CountJobConfig config, StreamingIntervals intervals, KafkaCountConfig kafka) {
    if (!config.jsonRecords()) {
      throw new IllegalArgumentException("scone.corpus records may be {\"id\",\"text\"} JSON: set jsonRecords");
    }
    env.enableCheckpointing(kafka.checkpointIntervalMs());
    KafkaSource<byte[]> source = KafkaSource.<byte[]>builder()
        .setBootstrapServers(kafka.bootstrapServers())
        .setTopics(kafka.corpusTopic())
        .setGroupId(kafka.groupId())
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
        .build();
    DataStream<byte[]> records = env.fromSource(source, WatermarkStrategy.noWatermarks(), "corpus").uid("corpus");
    StreamingFgramCountJob.build(records, config, intervals)
        .sinkTo(new VocabAnnouncementSink(kafka.bootstrapServers(), kafka.vocabTopic())).name("announce").uid("announce");
  }

  /** Starts the job in a local MiniCluster at {@code config.parallelism()}; the caller cancels it. */
  public static JobClient start(CountJobConfig config, StreamingIntervals intervals, KafkaCountConfig kafka) throws Exception {
    StreamExecutionEnvironment env = FgramCountJob.localEnvironment(config);
    wire(env, config, intervals, kafka);
    return env.executeAsync("scone fgram count (" + kafka.corpusTopic() + " -> " + kafka.vocabTopic() + ")");
  }
}
