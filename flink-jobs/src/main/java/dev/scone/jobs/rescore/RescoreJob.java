package dev.scone.jobs.rescore;

import dev.scone.jobs.rescore.RescoreInput.JsonlFiles;
import dev.scone.jobs.rescore.RescoreInput.KafkaRange;
import dev.scone.jobs.rescore.RescoreOutput.JsonlFile;
import dev.scone.jobs.rescore.RescoreOutput.KafkaTopic;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * The bounded rescoring job. Only wires; the uids are state identities (do not rename them):
 *
 * <pre>
 * JSONL lines | Kafka range (RawRecord, positions checkpointed) -parse-> RescoreDocument
 *   -rebalance-> score (one model handle per subtask, batches flushed before each barrier) -> String line
 *   -> part files committed on checkpoints | exactly-once Kafka topic
 * </pre>
 *
 * Checkpointing is on (file storage in the config's directory) with a fixed-delay restart
 * strategy: a failed attempt resumes from the last completed checkpoint and the sinks keep
 * exactly one line per document. Kryo is off ({@code pipeline.generic-types: false}).
 */
public final class RescoreJob {
  /** Kafka transactions must end within the broker's 15-minute maximum. */
  private static final String TRANSACTION_TIMEOUT_MS = "600000";

  private RescoreJob() {}

  /** The current (or test) cluster's environment with this run's checkpointing and restarts. */
  public static StreamExecutionEnvironment environment(RescoreConfig config) {
    return configure(StreamExecutionEnvironment.getExecutionEnvironment(options(config)), config);
  }

  /** The job's settings (checkpoints, restarts), for an environment made elsewhere (a session cluster's). */
  public static Configuration options(RescoreConfig config) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir().toAbsolutePath().toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, config.restartAttempts());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    return conf;
  }

  /** Sets {@code env}'s parallelism and checkpoint interval from {@code config}; returns it. */
  public static StreamExecutionEnvironment configure(StreamExecutionEnvironment env, RescoreConfig config) {
    env.setParallelism(config.parallelism());
    env.enableCheckpointing(config.checkpointIntervalMs());
    return env;
  }

  /** Adds the job to {@code env}. */
  public static void wire(StreamExecutionEnvironment env, RescoreConfig config) throws IOException {
    wire(env, config, UnaryOperator.identity());
  }

  /**
   * As {@link #wire(StreamExecutionEnvironment, RescoreConfig)}, with {@code beforeParse} applied
   * to the raw records (chained to the source; tests inject failures there).
   */
  public static void wire(StreamExecutionEnvironment env, RescoreConfig config, UnaryOperator<DataStream<RawRecord>> beforeParse)
      throws IOException {
    DataStream<RawRecord> raw = beforeParse.apply(source(env, config.input()));
    DataStream<String> lines = raw.flatMap(new ParseRescoreRecords()).name("parse").uid("parse")
        .rebalance()
        .transform("score", Types.STRING,
            new ScoreDocuments(config.bundleDir(), config.batchDocuments(), config.logprobs(), config.runId(),
                config.recycle()))
        .uid("score");
    if (config.output() instanceof JsonlFile file) {
      lines.sinkTo(new PartFileSink(file.partsDir())).name("part-files").uid("part-files");
    } else if (config.output() instanceof KafkaTopic topic) {
      lines.sinkTo(kafkaSink(topic, config.runId())).name("kafka-out").uid("kafka-out");
    }
  }

  private static DataStream<RawRecord> source(StreamExecutionEnvironment env, RescoreInput input) throws IOException {
    if (input instanceof JsonlFiles files) {
      long lines = LineIndex.of(files.files()).lines();
      DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(new JsonlLines(files.files()), lines,
          TypeInformation.of(RawRecord.class));
      return env.fromSource(source, WatermarkStrategy.noWatermarks(), "jsonl-lines").uid("jsonl-lines");
    }
    KafkaRange range = (KafkaRange) input;
    KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
        .setBootstrapServers(range.bootstrapServers())
        .setTopics(range.topic())
        .setGroupId("scone-rescore")
        .setStartingOffsets(range.startOffsets().isEmpty()
            ? OffsetsInitializer.earliest()
            : OffsetsInitializer.offsets(partitions(range.topic(), range.startOffsets()), OffsetResetStrategy.EARLIEST))
        .setBounded(range.endOffsets().isEmpty()
            ? OffsetsInitializer.latest()
            : OffsetsInitializer.offsets(partitions(range.topic(), range.endOffsets())))
        .setProperty("isolation.level", "read_committed")
        .setProperty("commit.offsets.on.checkpoint", "false")
        .setDeserializer(new KafkaRecords())
        .build();
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-range").uid("kafka-range");
  }

  static Map<TopicPartition, Long> partitions(String topic, Map<Integer, Long> offsets) {
    Map<TopicPartition, Long> out = new HashMap<>();
    offsets.forEach((p, o) -> out.put(new TopicPartition(topic, p), o));
    return out;
  }

  private static KafkaSink<String> kafkaSink(KafkaTopic topic, String runId) {
    return KafkaSink.<String>builder()
        .setBootstrapServers(topic.bootstrapServers())
        .setRecordSerializer(new LineRecords(topic.topic()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix("scone-rescore-" + runId)
        .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
        .build();
  }
}
