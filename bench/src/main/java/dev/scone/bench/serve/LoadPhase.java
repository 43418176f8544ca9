package dev.scone.bench.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.broker.LoopbackPorts;
import dev.scone.jobs.LoopbackOnly;
import dev.scone.jobs.serve.InferenceJob;
import dev.scone.jobs.serve.ServeConfig;
import dev.scone.jobs.serve.ServeTopics;
import dev.scone.jobs.serve.ServeTopicsSetup;
import dev.scone.kafka.KafkaClientProps;
import dev.scone.model.bundle.BundleRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One measured phase of the serving bench: a fresh job on its own topics serving one bundle,
 * warmed up, then {@code count} requests offered at a fixed rate by one thread that also reads
 * the answers (read_committed, as a client sees them). Not thread-safe.
 */
final class LoadPhase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WARMUP = 32;

  /**
   * @param answered requests answered within the time limit
   * @param requestsPerSecond answered / (last answer - first send)
   * @param p50Ms median send-to-answer latency (ms), as a read_committed client sees it
   * @param p99Ms 99th percentile of the same
   * @param jobP50Ms median of the answers' latency_ms (from the job reading the request to the model's answer)
   * @param jobP99Ms 99th percentile of the same
   * @param overloaded requests answered {@code overloaded} (shed by the job's admission limit);
   *     not in {@code answered} nor in the latencies
   * @param checkpoints the job's checkpoints over the phase (warm-up included)
   */
  record Result(int sent, int answered, double requestsPerSecond, double p50Ms, double p99Ms, double jobP50Ms,
      double jobP99Ms, int overloaded, CheckpointStats checkpoints) {

    /** Requests with neither an answer nor an overloaded answer when the phase ended. */
    int unanswered() {
      return sent - answered - overloaded;
    }
  }

  private LoadPhase() {}

  /** Where a phase's job runs: it starts the job and says which REST port reports its checkpoints. */
  interface JobStart {
    Started start(ServeConfig config, ServeBench.Config c) throws Exception;
  }

  /** A started job and the REST port of the cluster that runs it. */
  record Started(JobClient job, int restPort) {}

  /** A local MiniCluster in this JVM, on a free REST port (so the phase can read the job's checkpoints before it ends). */
  static final JobStart MINI_CLUSTER = (config, c) -> {
    int restPort = LoopbackPorts.free(1)[0];
    Configuration flink = LoopbackOnly.options();
    flink.set(RestOptions.PORT, restPort);
    flink.set(TaskManagerOptions.BUFFER_DEBLOAT_ENABLED, c.checkpointing() == ServeBench.Config.Checkpointing.DEBLOAT);
    flink.set(CheckpointingOptions.ENABLE_UNALIGNED, c.checkpointing() == ServeBench.Config.Checkpointing.UNALIGNED);
    StreamExecutionEnvironment env = InferenceJob.localEnvironment(config.parallelism(), flink);
    InferenceJob.wire(env, config);
    return new Started(env.executeAsync(InferenceJob.name(config)), restPort);
  };

  /** A phase at parallelism 1 on a MiniCluster in this JVM. */
  static Result run(String bootstrap, String name, BundleRef bundle, BenchBundles bundles, List<byte[]> texts,
      ServeBench.Config c) throws Exception {
    return run(bootstrap, name, bundle, bundles, texts, c, MINI_CLUSTER, 1);
  }

  /** A phase at {@code parallelism} (and as many request partitions) wherever {@code where} starts the job. */
  static Result run(String bootstrap, String name, BundleRef bundle, BenchBundles bundles, List<byte[]> texts,
      ServeBench.Config c, JobStart where, int parallelism) throws Exception {
    ServeTopics topics = new ServeTopics(name + ".requests", name + ".responses", name + ".dlq", name + ".tables");
    ServeTopicsSetup.createMissing(bootstrap, topics, parallelism);
    ServeConfig config = ServeConfig.defaults(bootstrap, bundles.store().toString(), bundle, bundles.contextLength())
        .withTopics(topics).withGroup(name, name).withParallelism(parallelism)
        .withBatch(new ServeConfig.Batching(c.batchSize(), c.batchTimeoutMs(), c.maxQueueMs()))
        .withCheckpointInterval(c.checkpointIntervalMs()).withDelivery(c.delivery());
    Started started = where.start(config, c);
    JobClient job = started.job();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
        KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, topics.responses())) {
      Map<String, long[]> warm = new HashMap<>();
      offer(producer, consumer, topics, "w", texts, WARMUP, 1e9, warm, Duration.ofSeconds(180));
      int count = (int) Math.round(c.rate() * c.seconds());
      Map<String, long[]> timings = new HashMap<>();
      offer(producer, consumer, topics, "m", texts, count, c.rate(), timings, Duration.ofSeconds(c.seconds() + 60L));
      return summarise(count, timings, CheckpointStats.of(started.restPort(), job.getJobID()));
    } finally {
      job.cancel().get();
    }
  }

  /**
   * Sends {@code count} requests at {@code rate}/s (ids prefix + i), polling answers between
   * sends, until every one is answered or {@code limit} passed. timings: id -> {sent ns, answered ns, latency_ms}.
   */
  private static void offer(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer,
      ServeTopics topics, String prefix, List<byte[]> texts, int count, double rate, Map<String, long[]> timings,
      Duration limit) throws IOException {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    int sent = 0;
    int answered = 0;
    while (answered < count && System.nanoTime() < deadline) {
      while (sent < count && System.nanoTime() >= start + (long) (sent * 1e9 / rate)) {
        String id = prefix + sent;
        byte[] value = request(id, texts.get(sent % texts.size()));
        timings.put(id, new long[] {System.nanoTime(), -1, -1, 0});
        producer.send(new ProducerRecord<>(topics.requests(), id.getBytes(StandardCharsets.UTF_8), value));
        sent++;
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(sent < count ? 1 : 50))) {
        long[] t = timings.get(new String(r.key(), StandardCharsets.UTF_8));
        if (t == null || t[1] >= 0) continue; // a warm-up answer, or a repeat (at-least-once after a failure)
        t[1] = System.nanoTime();
        JsonNode answer = JSON.readTree(r.value());
        if (answer.has("error")) {
          if (!"overloaded".equals(answer.get("error").get("code").asText())) {
            throw new IllegalStateException("the bench's request was refused: " + answer);
          }
          t[3] = 1; // shed by the job's admission limit: answered at once, without the model
        } else {
          t[2] = answer.get("latency_ms").asLong();
        }
        answered++;
      }
    }
  }

  private static byte[] request(String id, byte[] quotedText) {
    byte[] head = ("{\"id\":\"" + id + "\",\"op\":\"score\",\"text\":").getBytes(StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(head, head.length + quotedText.length + 1);
    System.arraycopy(quotedText, 0, out, head.length, quotedText.length);
    out[out.length - 1] = '}';
    return out;
  }

  private static Result summarise(int count, Map<String, long[]> timings, CheckpointStats checkpoints) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    double[] e2e = timings.values().stream().filter(t -> t[1] >= 0 && t[3] == 0)
        .mapToDouble(t -> (t[1] - t[0]) / 1e6).sorted().toArray();
    double[] job = timings.values().stream().filter(t -> t[1] >= 0 && t[3] == 0).mapToDouble(t -> t[2]).sorted().toArray();
    int overloaded = (int) timings.values().stream().filter(t -> t[1] >= 0 && t[3] == 1).count();
    for (long[] t : timings.values()) {
      first = Math.min(first, t[0]);
      if (t[1] >= 0 && t[3] == 0) last = Math.max(last, t[1]);
    }
    double seconds = (last - first) / 1e9;
    return new Result(count, e2e.length, e2e.length / seconds, quantile(e2e, 0.5), quantile(e2e, 0.99),
        quantile(job, 0.5), quantile(job, 0.99), overloaded, checkpoints);
  }

  /** Nearest-rank quantile of sorted values; NaN for none. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    int rank = (int) Math.ceil(q * sorted.length); // 1-based
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = KafkaClientProps.producer(bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClientProps.consumer(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    // Every partition: a job at parallelism > 1 answers on several.
    List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(i -> new TopicPartition(topic, i.partition())).toList();
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    return consumer;
  }
}
