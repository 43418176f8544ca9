package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.jobs.serve.Answer;
import dev.scone.jobs.serve.ServeTopics;
import dev.scone.jobs.serve.ServingBundles;
import dev.scone.jobs.serve.ServingClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scone serve} started again with the same plain arguments (no checkpoint flags) after a
 * stop in the middle of a stream continues where it was: every request is answered exactly once,
 * none of the first run's answers is repeated (the first start's checkpoints under the store, and
 * the group's committed offsets, carry the position).
 */
class ServeRestartIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  private static final int PER_RUN = 250;

  @TempDir Path dir;

  @Test
  void aPlainRestartAnswersEveryRequestExactlyOnce() throws Exception {
    Path store = dir.resolve("store");
    ServingBundles.publish(store, 1);
    String[] args = {"--bundle", "1", "--store", store.toString(), "--bootstrap", KAFKA.bootstrapServers(),
        "--checkpoint-interval-ms", "200"};
    StringWriter first = new StringWriter();
    JobClient job = ServeCommandAccess.start(new PrintWriter(first, true), args); // creates the topics
    try (ServingClient client = new ServingClient(KAFKA.bootstrapServers(), List.of(ServeTopics.RESPONSES))) {
      try {
        send(client, 0, PER_RUN);
        // Stop in the middle: some requests answered and committed, the rest read or not yet.
        client.awaitUntil(a -> a.size() >= PER_RUN / 3, "a third of the first run's answers");
      } finally {
        job.cancel().get();
      }
      StringWriter second = new StringWriter();
      job = ServeCommandAccess.start(new PrintWriter(second, true), args);
      try {
        assertTrue(second.toString().contains("continuing from checkpoint"), second.toString());
        send(client, PER_RUN, 2 * PER_RUN);
        List<Answer> all = client.awaitUntil(a -> distinctIds(a) >= 2 * PER_RUN, "every request answered");
        Thread.sleep(2000); // a repeated answer would be committed by now: checkpoints every 200 ms
        all = client.awaitUntil(a -> true, "the answers so far");
        Map<String, Integer> perId = new HashMap<>();
        for (Answer a : all) perId.merge(a.key(), 1, Integer::sum);
        assertEquals(2 * PER_RUN, perId.size());
        perId.forEach((id, n) -> assertEquals(1, n, id + " was answered " + n + " times"));
      } finally {
        job.cancel().get();
      }
    }
  }

  private static void send(ServingClient client, int from, int to) {
    for (int i = from; i < to; i++) {
      client.send(ServeTopics.REQUESTS, "r-" + i, "{\"id\":\"r-" + i + "\",\"op\":\"score\",\"text\":\"the cat " + i + "\"}");
    }
    client.flush();
  }

  private static long distinctIds(List<Answer> answers) {
    return answers.stream().map(Answer::key).distinct().count();
  }
}
