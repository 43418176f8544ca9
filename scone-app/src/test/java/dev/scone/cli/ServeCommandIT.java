package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.jobs.serve.ServeTopics;
import dev.scone.jobs.serve.ServingBundles;
import dev.scone.jobs.serve.ServingClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code scone serve --bundle 1 --store S --bootstrap B}: creates the topics, answers a request. */
class ServeCommandIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @TempDir Path dir;

  @Test
  void servesABundleVersionOfTheStoreOnTopicsItCreates() throws Exception {
    Path store = dir.resolve("store");
    ServingBundles.publish(store, 1);
    StringWriter printed = new StringWriter();
    JobClient job = ServeCommandAccess.start(new PrintWriter(printed, true),
        "--bundle", "1", "--store", store.toString(), "--bootstrap", KAFKA.bootstrapServers(), "--checkpoint-interval-ms", "200");
    try (ServingClient client = new ServingClient(KAFKA.bootstrapServers(), List.of(ServeTopics.RESPONSES))) {
      assertTrue(printed.toString().contains("created [scone.requests, scone.responses, scone.requests.dlq, scone.tables]"),
          printed.toString());
      client.send(ServeTopics.REQUESTS, "q1", "{\"id\":\"q1\",\"op\":\"generate\",\"prompt\":\"the cat\",\"max_tokens\":3,"
          + "\"temperature\":0}");
      client.flush();
      JsonNode answer = client.awaitUntil(a -> !a.isEmpty(), "an answer").get(0).json();
      assertEquals("q1", answer.get("id").asText());
      assertEquals(3, answer.get("tokens").asInt());
      assertEquals("length", answer.get("finish_reason").asText());
    } finally {
      job.cancel().get();
    }
  }
}
