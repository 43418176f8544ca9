package dev.scone.jobs.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.model.bundle.BundleRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * At-least-once delivery writes an answer as soon as it is computed: with a checkpoint interval
 * of ten minutes, no transaction could have committed yet, and the answers are still visible to a
 * read_committed consumer.
 */
class AtLeastOnceIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @Test
  void answersAreVisibleBeforeAnyCheckpoint() throws Exception {
    Path store = Files.createTempDirectory("serve-alo-store");
    BundleRef v1 = ServingBundles.publish(store, 1);
    ServeTopics topics = ServeTopics.defaults();
    for (String t : List.of(topics.requests(), topics.responses(), topics.deadLetters(), topics.tables())) {
      KAFKA.createTopic(t, 1);
    }
    ServeConfig config = ServeConfig.defaults(KAFKA.bootstrapServers(), store.toString(), v1, ServingBundles.CONTEXT)
        .withBatch(new ServeConfig.Batching(4, 10)).withCheckpointInterval(600_000)
        .withDelivery(ServeConfig.Delivery.AT_LEAST_ONCE);
    JobClient job = InferenceJob.start(config);
    try (ServingClient client = new ServingClient(KAFKA.bootstrapServers(), List.of(topics.responses(),
        topics.deadLetters()))) {
      client.send(ServeTopics.REQUESTS, "l.1", "{\"id\":\"l.1\",\"op\":\"score\",\"text\":\"the mat\"}");
      client.send(ServeTopics.REQUESTS, "l.2", "{\"id\":\"l.2\",\"op\":\"translate\",\"text\":\"x\"}");
      client.flush();
      List<Answer> all = client.awaitUntil(a -> a.size() >= 3, "an answer, an error answer and a dead letter");
      Answer scored = all.stream().filter(a -> "l.1".equals(a.key())).findFirst().orElseThrow();
      assertEquals("score", scored.json().get("op").asText());
      Answer letter = all.stream().filter(a -> a.topic().equals(topics.deadLetters())).findFirst().orElseThrow();
      assertEquals("unknown_op", letter.header("error.code"));
    } finally {
      job.cancel().get();
    }
  }
}
