package dev.scone.jobs.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.jobs.serve.protocol.Outbound;
import dev.scone.model.bundle.BundleRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failure in the middle of serving (thrown once, after a checkpoint, between the model and the
 * sink) and a restart from the checkpoint: a read_committed consumer sees exactly one answer per
 * request and one dead letter per refused request.
 */
class ExactlyOnceIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  static final AtomicBoolean FAILED = new AtomicBoolean();

  @TempDir Path dir;

  /** Throws once per JVM: at the first record after a completed checkpoint once it has passed {@code after} records. */
  static final class FailOnce extends RichMapFunction<Outbound, Outbound> implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    private final int after;
    private transient int seen;
    private transient boolean checkpointed;

    FailOnce(int after) {
      this.after = after;
    }

    @Override
    public Outbound map(Outbound o) {
      if (++seen > after && checkpointed && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure after " + seen + " records");
      }
      return o;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      checkpointed = true;
    }
  }

  @Test
  void everyRequestHasExactlyOneAnswerForReadCommittedConsumersAcrossAFailure() throws Exception {
    BundleRef v1 = ServingBundles.publish(dir.resolve("store"), 1);
    ServeTopics topics = ServeTopics.defaults();
    for (String t : List.of(topics.requests(), topics.responses(), topics.deadLetters(), topics.tables())) KAFKA.createTopic(t, 1);
    ServeConfig config = ServeConfig.defaults(KAFKA.bootstrapServers(), dir.resolve("store").toString(), v1,
        ServingBundles.CONTEXT).withBatch(new ServeConfig.Batching(8, 10)).withCheckpointInterval(200);
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    env.enableCheckpointing(config.checkpointIntervalMs());
    InferenceJob.answers(InferenceJob.requests(env, config), InferenceJob.announcements(env, config), config)
        .map(new FailOnce(60)).returns(TypeInformation.of(Outbound.class)).name("fail-once").uid("fail-once")
        .sinkTo(InferenceJob.sink(config)).name("answers").uid("answers");
    JobClient job = env.executeAsync("serve with one failure");
    Set<String> valid = new HashSet<>();
    Set<String> refused = new HashSet<>();
    try (ServingClient client = new ServingClient(KAFKA.bootstrapServers(), List.of(topics.responses(), topics.deadLetters()))) {
      sendPhase(client, 0, 100, valid, refused);
      client.awaitUntil(all -> all.size() >= 20, "the first committed answers");
      sendPhase(client, 100, 200, valid, refused);
      int expectedAnswers = valid.size() + refused.size(); // every refused request here has a readable id
      client.awaitUntil(all -> all.size() >= expectedAnswers + refused.size(), "every answer and dead letter");
      List<Answer> all = client.drain(1500);
      assertTrue(FAILED.get(), "the failure was injected");
      Map<String, Answer> answers = new HashMap<>();
      Map<String, Answer> dead = new HashMap<>();
      for (Answer a : all) {
        Map<String, Answer> into = a.topic().equals(topics.deadLetters()) ? dead : answers;
        assertNull(into.put(a.key(), a), "a second record on " + a.topic() + " for " + a.key());
      }
      Set<String> allIds = new HashSet<>(valid);
      allIds.addAll(refused);
      assertEquals(allIds, answers.keySet());
      assertEquals(refused, dead.keySet());
      for (String id : valid) assertTrue(answers.get(id).json().has("op"), id + " answered by the model");
      for (String id : refused) assertTrue(answers.get(id).json().has("error"), id + " answered with an error");
    } finally {
      job.cancel().get();
    }
  }

  /** Requests [from, to): every 10th refused (max_tokens out of range), every 5th a generate, the rest score. */
  private static void sendPhase(ServingClient client, int from, int to, Set<String> valid, Set<String> refused) {
    for (int n = from; n < to; n++) {
      String id = "x" + n;
      String json;
      if (n % 10 == 7) {
        json = "{\"id\":\"" + id + "\",\"op\":\"generate\",\"prompt\":\"the\",\"max_tokens\":-3}";
        refused.add(id);
      } else if (n % 5 == 0) {
        json = "{\"id\":\"" + id + "\",\"op\":\"generate\",\"prompt\":\"the dog\",\"max_tokens\":3,\"seed\":" + n + "}";
        valid.add(id);
      } else {
        json = "{\"id\":\"" + id + "\",\"op\":\"score\",\"text\":\"the cat sat on the mat " + n + "\"}";
        valid.add(id);
      }
      client.send(ServeTopics.REQUESTS, id, json);
    }
    client.flush();
  }
}
