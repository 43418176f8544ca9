package dev.scone.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.cli.RequestCommand;
import dev.scone.cli.SconeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** The request client against a real broker and a stand-in responder ({@link EchoResponder}). */
class RequestClientIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private EchoResponder responder;

  @BeforeAll
  static void topics() {
    KAFKA.createTopic(RequestClient.REQUESTS_TOPIC, 2);
    KAFKA.createTopic(RequestClient.RESPONSES_TOPIC, 2);
    KAFKA.createTopic("client-a.replies", 1);
  }

  @BeforeEach
  void startResponder() throws InterruptedException {
    responder = new EchoResponder(KAFKA.bootstrapServers());
  }

  @AfterEach
  void stopResponder() throws InterruptedException {
    responder.close();
  }

  @Test
  void scoreRequestGetsTheAnswerWithItsIdAndCorrelationIdFromTheResponsesTopic() throws Exception {
    try (RequestClient client = RequestClient.open(KAFKA.bootstrapServers())) {
      Request request = Request.score("the state of the union");
      Reply reply = client.request(request, WAIT);

      assertEquals(request.id(), reply.id());
      JsonNode answer = JSON.readTree(reply.json());
      assertEquals(request.id(), answer.get("id").asText());
      assertEquals("the state of the union", answer.get("echo").asText());
      assertEquals(RequestClient.RESPONSES_TOPIC, reply.topic());
      EchoResponder.Seen seen = responder.seen.get(0);
      assertEquals(request.id(), seen.key(), "key = id");
      assertEquals(JSON.readTree(request.toJson()), seen.value());
      assertNull(seen.replyTo(), "no reply_to header without a reply topic");
      assertEquals(seen.correlationId(), reply.correlationId(), "the answer carries the correlation id sent");
    }
  }

  @Test
  void replyToHeaderNamesTheClientsTopicAndTheAnswerComesThere() throws Exception {
    try (RequestClient client = RequestClient.open(KAFKA.bootstrapServers(), RequestClient.REQUESTS_TOPIC,
        RequestClient.RESPONSES_TOPIC, "client-a.replies")) {
      Request request = Request.generate("Once upon a time").withSampling(32, null, null, null, 7L);
      Reply reply = client.request(request, WAIT);

      assertEquals("client-a.replies", reply.topic());
      assertEquals("client-a.replies", responder.seen.get(0).replyTo());
      assertEquals("Once upon a time", JSON.readTree(reply.json()).get("echo").asText());
      assertEquals(responder.seen.get(0).correlationId(), reply.correlationId());
    }
  }

  @Test
  void batchSendsAllAndReturnsEachAnswerInRequestOrder() throws Exception {
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < 12; i++) requests.add(i % 2 == 0 ? Request.score("text " + i) : Request.generate("prompt " + i));
    try (RequestClient client = RequestClient.open(KAFKA.bootstrapServers())) {
      List<Reply> replies = client.requestAll(requests, WAIT);

      assertEquals(requests.size(), replies.size());
      for (int i = 0; i < requests.size(); i++) {
        assertEquals(requests.get(i).id(), replies.get(i).id());
        assertEquals((i % 2 == 0 ? "text " : "prompt ") + i, JSON.readTree(replies.get(i).json()).get("echo").asText());
      }
    }
  }

  @Test
  void unansweredRequestTimesOutNamingTheTopicAndTheId() throws Exception {
    try (RequestClient client = RequestClient.open(KAFKA.bootstrapServers())) {
      Request answered = Request.score("answered");
      Request ignored = Request.score(EchoResponder.IGNORE).withId("lonely-1");
      RequestTimeoutException e = assertThrows(RequestTimeoutException.class,
          () -> client.requestAll(List.of(answered, ignored), Duration.ofMillis(1500)));

      assertEquals(List.of("lonely-1"), e.missingIds());
      assertTrue(e.getMessage().contains(RequestClient.RESPONSES_TOPIC) && e.getMessage().contains("lonely-1"), e.getMessage());
    }
  }

  @Test
  void requestCommandPrintsThePrettyAnswerOrFailsWithTheTimeout() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SconeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

    int ok = cli.execute("request", "--bootstrap", KAFKA.bootstrapServers(), "--op", "generate", "--prompt", "Hello",
        "--max-tokens", "32", "--seed", "7", "--id", "cli-1", "--timeout-s", "20");
    int late = cli.execute("request", "--bootstrap", KAFKA.bootstrapServers(), "--op", "score", "--text",
        EchoResponder.IGNORE, "--id", "cli-2", "--timeout-s", "1");

    assertEquals(0, ok, err.toString());
    JsonNode printed = JSON.readTree(out.toString());
    assertEquals("cli-1", printed.get("id").asText());
    assertTrue(out.toString().contains("\n"), "pretty-printed");
    JsonNode sent = responder.seen.get(0).value();
    assertEquals(32, sent.get("max_tokens").asInt());
    assertEquals(7, sent.get("seed").asLong());
    assertEquals(RequestCommand.TIMED_OUT, late);
    assertTrue(err.toString().contains("cli-2") && err.toString().contains(RequestClient.RESPONSES_TOPIC), err.toString());
  }
}
