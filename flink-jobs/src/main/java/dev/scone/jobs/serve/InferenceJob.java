package dev.scone.jobs.serve;

import dev.scone.jobs.serve.protocol.Outbound;
import dev.scone.jobs.serve.protocol.RawRequest;
import dev.scone.jobs.serve.protocol.ServeRequest;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The serving job: {@code scone.requests} -> parse and validate -> micro-batches -> the model
 * (following {@code scone.tables}) -> {@code scone.responses} (or each request's {@code
 * reply_to}); refused requests -> {@code scone.requests.dlq} plus an error response.
 *
 * <p>Exactly-once (the default {@link ServeConfig.Delivery}): checkpointing on, one transactional KafkaSink for answers and dead letters
 * ({@link DeliveryGuarantee#EXACTLY_ONCE}, {@code transaction.timeout.ms} 600,000), and no
 * request held in a batch across a checkpoint barrier. A read_committed consumer sees exactly
 * one answer or dead letter per request, also after failures. Generation is deterministic given
 * the seed, so a replayed request gets the same text from the same bundle.
 *
 * <p>Without a checkpointed position the request source starts from its consumer group's committed
 * offsets (the source commits them at every completed checkpoint), and from the earliest offset only
 * for a group that has committed none: a restart without a checkpoint does not answer history again.
 * The announcement source always starts from the earliest offset, so a start loads the newest valid
 * bundle announced so far (announcements not newer than the one in use are ignored).
 */
public final class InferenceJob {
  /** Below the broker's default transaction.max.timeout.ms of 15 minutes. */
  static final String TRANSACTION_TIMEOUT_MS = "600000";

  private InferenceJob() {}

  /** Adds sources, pipeline and sink to {@code env}; turns checkpointing on. */
  public static void wire(StreamExecutionEnvironment env, ServeConfig config) {
    env.enableCheckpointing(config.checkpointIntervalMs());
    answers(requests(env, config), announcements(env, config), config)
        .sinkTo(sink(config)).name("answers").uid("answers");
  }

  /** Starts the job in a local MiniCluster at {@code config.parallelism()}; the caller cancels it. */
  public static JobClient start(ServeConfig config) throws Exception {
    StreamExecutionEnvironment env = localEnvironment(config.parallelism());
    wire(env, config);
    return env.executeAsync(name(config));
  }

  /** The job's name in Flink's UI. */
  public static String name(ServeConfig config) {
    return "scone serve (" + config.topics().requests() + " -> " + config.topics().responses() + ")";
  }

  /** A local environment with Kryo fallback off (every record type has Flink's own serializer). */
  public static StreamExecutionEnvironment localEnvironment(int parallelism) {
    return localEnvironment(parallelism, new Configuration());
  }

  /**
   * As {@link #localEnvironment(int)}, on top of {@code base} (e.g. metric reporters, restart
   * strategy). Buffer debloating is on unless {@code base} says otherwise: it sizes the in-flight
   * buffers to about a second of throughput, so under overload a checkpoint barrier waits behind
   * less (measured against aligned and unaligned checkpoints: docs/BENCHMARKS.md).
   */
  public static StreamExecutionEnvironment localEnvironment(int parallelism, Configuration base) {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.BUFFER_DEBLOAT_ENABLED, true);
    conf.addAll(base);
    conf.addAll(pipelineOptions());
    return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
  }

  /** The serving job's pipeline options (Kryo off), for any environment, a cluster's too. */
  public static Configuration pipelineOptions() {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    return conf;
  }

  /** The request source: raw records with their key and headers. */
  public static DataStream<RawRequest> requests(StreamExecutionEnvironment env, ServeConfig config) {
    KafkaSource<RawRequest> source = KafkaSource.<RawRequest>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setTopics(config.topics().requests())
        .setGroupId(config.groupId())
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new RequestRecords())
        .build();
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "requests").uid("requests")
        .setParallelism(config.parallelism());
  }

  /** Bundle announcements (the scone.tables values), one reader. */
  public static DataStream<String> announcements(StreamExecutionEnvironment env, ServeConfig config) {
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setTopics(config.topics().tables())
        .setGroupId(config.groupId() + "-tables")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(StringDeserializer.class))
        .build();
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "tables").uid("tables").setParallelism(1);
  }

  /** Parse, validate, batch and answer: answers, error responses and dead letters in one stream. */
  public static DataStream<Outbound> answers(DataStream<RawRequest> raw, DataStream<String> tables, ServeConfig config) {
    SingleOutputStreamOperator<ServeRequest> valid = raw
        .process(new ParseRequests(config.topics(), config.limits(), config.tokenizer(), config.bootstrapServers()))
        .name("parse").uid("parse").setParallelism(config.parallelism());
    DataStream<Outbound> answered = valid.connect(tables.broadcast())
        .transform("model", TypeInformation.of(Outbound.class), new ModelOperator(config))
        .uid("model").setParallelism(config.parallelism());
    return answered.union(valid.getSideOutput(ParseRequests.REFUSED));
  }

  /**
   * The sink for every {@link Outbound}, each on its own topic: transactional and committed at
   * checkpoints (exactly once), or written at once by an idempotent producer (at least once).
   */
  public static KafkaSink<Outbound> sink(ServeConfig config) {
    Properties producer = new Properties();
    KafkaSinkBuilder<Outbound> sink = KafkaSink.<Outbound>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setRecordSerializer(new OutboundRecords());
    if (config.delivery() == ServeConfig.Delivery.AT_LEAST_ONCE) {
      producer.setProperty("enable.idempotence", "true");
      producer.setProperty("linger.ms", "0"); // an answer goes out as soon as it is computed
      sink.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
    } else {
      producer.setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS);
      sink.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).setTransactionalIdPrefix(config.transactionalIdPrefix());
    }
    return sink.setKafkaProducerConfig(producer).build();
  }
}
