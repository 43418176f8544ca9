package dev.scone.jobs.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot swap under continuous traffic at parallelism 2: every request is answered exactly once;
 * per request partition, once a request is answered by the new bundle no later one is answered
 * by the old; a damaged bundle, a uri outside the store and an old version are refused or
 * ignored while the version in use keeps answering.
 */
class HotSwapIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  private static final int PARTITIONS = 2;

  @TempDir Path dir;

  @Test
  void swapsUnderTrafficAnsweringEveryRequestOnceAndRefusesBadBundles() throws Exception {
    Path store = dir.resolve("store");
    BundleRef v1 = ServingBundles.publish(store, 1);
    BundleRef v2 = ServingBundles.publish(store, 2);
    BundleRef v3 = ServingBundles.publish(store, 3);
    flipBytes(BundleStore.at(store).directory(3).resolve("table.arrow"));
    Path elsewhere = dir.resolve("elsewhere");
    BundleRef v4outside = ServingBundles.publish(elsewhere, 1); // version 1 in its own store
    String outside = new BundleRef(4, v4outside.vocabVersion(), v4outside.modelVersion(), v4outside.uri(),
        v4outside.sha256(), v4outside.rows(), v4outside.dim(), v4outside.dtype(), BundleRef.SCHEMA_VERSION).toJson();
    ServeTopics topics = ServeTopics.defaults();
    KAFKA.createTopic(topics.requests(), PARTITIONS);
    for (String t : List.of(topics.responses(), topics.deadLetters(), topics.tables())) KAFKA.createTopic(t, 1);
    ServeConfig config = ServeConfig.defaults(KAFKA.bootstrapServers(), store.toString(), v1, ServingBundles.CONTEXT)
        .withParallelism(PARTITIONS).withBatch(new ServeConfig.Batching(4, 10)).withCheckpointInterval(200);
    InMemoryReporter metrics = InMemoryReporter.createWithRetainedMetrics();
    StreamExecutionEnvironment env = InferenceJob.localEnvironment(PARTITIONS, metrics.addToConfiguration(new Configuration()));
    InferenceJob.wire(env, config);
    JobClient job = env.executeAsync("hot swap");
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    try (ServingClient client = new ServingClient(KAFKA.bootstrapServers(), List.of(topics.responses()));
        ServingClient announcer = new ServingClient(KAFKA.bootstrapServers(), List.of(topics.tables()))) {
      Thread traffic = new Thread(() -> sendUntil(client, stop, sent), "traffic");
      traffic.start();
      client.awaitUntil(all -> all.size() >= 40, "answers by v1");
      announcer.send(topics.tables(), "2", v2.toJson());
      announcer.flush();
      client.awaitUntil(all -> countVersion(all, 2, "p0.") >= 10 && countVersion(all, 2, "p1.") >= 10,
          "answers by v2 from both subtasks");
      announcer.send(topics.tables(), "3", v3.toJson()); // damaged table
      announcer.send(topics.tables(), "4", outside);     // not in this store
      announcer.send(topics.tables(), "5", "{\"version\": \"five\"}"); // not an announcement
      announcer.send(topics.tables(), "1", v1.toJson()); // older than the one in use
      announcer.flush();
      int before = sent.get();
      client.awaitUntil(all -> all.size() >= before + 60, "answers after the bad announcements");
      stop.set(true);
      traffic.join();
      List<Answer> all = client.awaitUntil(a -> a.size() >= sent.get(), "an answer to every request");
      all = client.drain(1000);
      assertEquals(sent.get(), all.size(), "one answer per request, no duplicates");
      assertSwappedOnceInRequestOrder(all, sent.get(), before);
      assertMetrics(metrics, job.getJobID(), sent.get());
    } finally {
      stop.set(true);
      job.cancel().get();
    }
  }

  /** Per model subtask: one swap, three refusals (damaged, outside, not JSON; the old version is ignored, not refused). */
  private static void assertMetrics(InMemoryReporter reporter, JobID job, int sent) throws InterruptedException {
    long answered = 0;
    for (int attempt = 0; ; attempt++) {
      Map<String, Metric> refused = reporter.findMetrics(job, "bundlesRefused");
      Map<String, Metric> swaps = reporter.findMetrics(job, "bundleSwaps");
      Map<String, Metric> versions = reporter.findMetrics(job, "tableVersion");
      Map<String, Metric> answers = reporter.findMetrics(job, "requestsAnswered");
      answered = answers.values().stream().mapToLong(m -> ((Counter) m).getCount()).sum();
      boolean done = refused.size() == PARTITIONS && refused.values().stream().allMatch(m -> ((Counter) m).getCount() == 3)
          && swaps.values().stream().allMatch(m -> ((Counter) m).getCount() == 1)
          && versions.values().stream().allMatch(m -> Long.valueOf(2).equals(((Gauge<?>) m).getValue()))
          && answered == sent;
      if (done) return;
      if (attempt > 100) {
        throw new AssertionError("metrics: refused " + counts(refused) + ", swaps " + counts(swaps) + ", answered " + answered
            + " of " + sent);
      }
      Thread.sleep(100);
    }
  }

  private static List<Long> counts(Map<String, Metric> metrics) {
    return metrics.values().stream().map(m -> ((Counter) m).getCount()).toList();
  }

  private static void sendUntil(ServingClient client, AtomicBoolean stop, AtomicInteger sent) {
    String[] texts = {"the cat sat", "on the mat and the dog", "the log", "and then the cat ran to the dog"};
    for (int n = 0; !stop.get(); n++) {
      int p = n % PARTITIONS;
      String id = "p" + p + "." + n;
      client.send(ServeTopics.REQUESTS, p, id, ("{\"id\":\"" + id + "\",\"op\":\"score\",\"text\":\"" + texts[n % 4] + "\"}")
          .getBytes(StandardCharsets.UTF_8));
      sent.incrementAndGet();
      if (n % 10 == 9) {
        client.flush();
        sleep(20);
      }
    }
    client.flush();
  }

  /** Per request partition, in send order: v1 answers, then only v2 answers; requests after the bad ones are v2. */
  private static void assertSwappedOnceInRequestOrder(List<Answer> all, int sent, int sentBeforeBadOnes) {
    Map<Integer, TreeMap<Integer, Long>> versions = new HashMap<>();
    Map<String, Answer> byId = new HashMap<>();
    for (Answer a : all) {
      assertNull(byId.put(a.key(), a), "a second answer for " + a.key());
      JsonNode n = a.json();
      int p = Integer.parseInt(a.key().substring(1, a.key().indexOf('.')));
      int seq = Integer.parseInt(a.key().substring(a.key().indexOf('.') + 1));
      long v = n.get("table_version").asLong();
      assertEquals("m" + v, n.get("model_version").asText(), "model and table versions come from one bundle");
      versions.computeIfAbsent(p, k -> new TreeMap<>()).put(seq, v);
    }
    for (int n = 0; n < sent; n++) assertTrue(byId.containsKey("p" + (n % PARTITIONS) + "." + n), "no answer for request " + n);
    for (Map.Entry<Integer, TreeMap<Integer, Long>> e : versions.entrySet()) {
      long last = 1;
      for (Map.Entry<Integer, Long> r : e.getValue().entrySet()) {
        assertTrue(r.getValue() == 1 || r.getValue() == 2, "only v1 and v2 may answer, found v" + r.getValue());
        assertTrue(r.getValue() >= last, "partition " + e.getKey() + ": request " + r.getKey() + " answered by v"
            + r.getValue() + " after a request answered by v" + last);
        last = r.getValue();
        if (r.getKey() >= sentBeforeBadOnes) assertEquals(2, r.getValue(), "after the swap, request " + r.getKey());
      }
      assertEquals(2, last, "partition " + e.getKey() + " ends on v2");
    }
  }

  private static long countVersion(List<Answer> all, long version, String idPrefix) {
    return all.stream().filter(a -> a.key().startsWith(idPrefix) && a.json().get("table_version").asLong() == version)
        .count();
  }

  /** Flips a few bytes in the middle of {@code file} (same size: only the checksum can tell). */
  static void flipBytes(Path file) throws IOException {
    file.toFile().setWritable(true);
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long at = c.size() / 2;
      ByteBuffer b = ByteBuffer.allocate(4);
      c.read(b, at);
      for (int i = 0; i < 4; i++) b.put(i, (byte) ~b.get(i));
      b.rewind();
      c.write(b, at);
    }
    assertTrue(Files.exists(file));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
