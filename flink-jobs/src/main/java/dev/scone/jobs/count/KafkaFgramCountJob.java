package dev.scone.jobs.count;

import dev.scone.fgram.files.FileTrees;
import dev.scone.jobs.RetainedCheckpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StreamingFgramCountJob} between Kafka topics: record values of {@code scone.corpus} in,
 * announcements on {@code scone.vocab} out through the transactional {@link
 * VocabAnnouncements#exactlyOnce} sink, checkpointing on (exactly-once mode).
 *
 * <pre>
 * corpus (KafkaSource) -> StreamingFgramCountJob -> announce (KafkaSink, EXACTLY_ONCE)
 * </pre>
 *
 * The source starts from the earliest offsets when it has no checkpointed position, so a fresh
 * start recounts the whole topic; a start from a retained checkpoint or savepoint (Flink's {@code
 * execution.state-recovery.path}) continues where that checkpoint was.
 */
public final class KafkaFgramCountJob {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaFgramCountJob.class);

  /** Prefix of the temporary checkpoint directory {@link #start(CountJobConfig, StreamingIntervals, KafkaCountConfig)} makes. */
  static final String CHECKPOINT_DIR_PREFIX = "scone-count-checkpoints";

  private KafkaFgramCountJob() {}

  /** Adds the Kafka source, the pipeline and the announcement sink to {@code env}; turns checkpointing on. */
  public static void wire(StreamExecutionEnvironment env, CountJobConfig config, StreamingIntervals intervals, KafkaCountConfig kafka) {
    DataStream<byte[]> records = corpus(env, config, kafka);
    // One writer, as one selection makes the announcements: they reach the one-partition topic in
    // version order. Never chained to select-and-publish (max parallelism 1): its own vertex keeps
    // Flink's default max parallelism (128) whatever the job's parallelism, so a savepoint taken at
    // one parallelism restores at another (chained at parallelism 1 it would take max parallelism 1).
    StreamingFgramCountJob.build(records, config, intervals).sinkTo(announcements(kafka)).name("announce").uid("announce")
        .setParallelism(1).disableChaining();
  }

  /** Turns checkpointing on and adds the {@code scone.corpus} source (uid {@code corpus}). */
  public static DataStream<byte[]> corpus(StreamExecutionEnvironment env, CountJobConfig config, KafkaCountConfig kafka) {
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
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "corpus").uid("corpus");
  }

  /** The exactly-once {@code scone.vocab} sink, transactional ids prefixed by the consumer group. */
  public static KafkaSink<VocabAnnouncement> announcements(KafkaCountConfig kafka) {
    return VocabAnnouncements.exactlyOnce(kafka.bootstrapServers(), kafka.vocabTopic(), kafka.groupId() + "-announce");
  }

  /**
   * Starts the job in a local MiniCluster at {@code config.parallelism()}, checkpointing into a
   * fresh temporary directory; the caller cancels it. Not Flink's default JobManager checkpoint
   * storage: it refuses state over 5 MB, and the counts pass that within the first few documents of
   * a real corpus, after which checkpoints fail and no announcement commits. The directory is
   * deleted when the job ends, however it ends (finished, failed, cancelled).
   */
  public static JobClient start(CountJobConfig config, StreamingIntervals intervals, KafkaCountConfig kafka) throws Exception {
    Path checkpoints = Files.createTempDirectory(CHECKPOINT_DIR_PREFIX);
    JobClient job;
    try {
      job = start(config, intervals, kafka, RetainedCheckpoints.in(checkpoints));
    } catch (Exception | Error e) {
      FileTrees.delete(checkpoints);
      throw e;
    }
    job.getJobExecutionResult().whenComplete((result, failure) -> {
      try {
        FileTrees.delete(checkpoints);
      } catch (IOException e) {
        LOG.warn("could not delete the count job's checkpoints in {}", checkpoints, e);
      }
    });
    return job;
  }

  /**
   * As {@link #start(CountJobConfig, StreamingIntervals, KafkaCountConfig)}, with Flink settings
   * added to the local environment's (checkpoint retention and directory, a state-recovery path,
   * a restart strategy).
   */
  public static JobClient start(CountJobConfig config, StreamingIntervals intervals, KafkaCountConfig kafka, Configuration flink)
      throws Exception {
    StreamExecutionEnvironment env = FgramCountJob.localEnvironment(config, flink);
    wire(env, config, intervals, kafka);
    return env.executeAsync(name(kafka));
  }

  /** The job's name in Flink's UI. */
  public static String name(KafkaCountConfig kafka) {
    return "scone fgram count (" + kafka.corpusTopic() + " -> " + kafka.vocabTopic() + ")";
  }
}
