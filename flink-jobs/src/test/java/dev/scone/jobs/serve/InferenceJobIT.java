package dev.scone.jobs.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.jobs.serve.protocol.RequestParser;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.Generation;
import dev.scone.model.infer.GenerationParams;
import dev.scone.model.infer.Score;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The serving job on a real broker and a real tiny bundle (one job for the class, parallelism 1):
 * answers match the bundle run directly, invalid requests of every kind are dead-lettered with
 * their bytes and code while valid ones around them are answered, reply_to and correlation_id.
 */
class InferenceJobIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  static final String REPLIES = "scone.responses.it";

  private static Path store;
  private static BundleRef v1;
  private static ServeConfig config;
  private static JobClient job;

  @BeforeAll
  static void startJob() throws Exception {
    store = Files.createTempDirectory("serve-it-store");
    v1 = ServingBundles.publish(store, 1);
    ServeTopics topics = ServeTopics.defaults();
    for (String t : List.of(topics.requests(), topics.responses(), topics.deadLetters(), topics.tables(), REPLIES)) {
      KAFKA.createTopic(t, 1);
    }
    config = ServeConfig.defaults(KAFKA.bootstrapServers(), store.toString(), v1, ServingBundles.CONTEXT)
        .withBatch(new ServeConfig.Batching(4, 10)).withCheckpointInterval(200)
        .withLimits(ServingLimits.defaults(ServingBundles.CONTEXT).withMaxTextTokens(200));
    job = InferenceJob.start(config);
  }

  @AfterAll
  static void stopJob() throws Exception {
    if (job != null) job.cancel().get();
  }

  private static ServingClient client() {
    return new ServingClient(KAFKA.bootstrapServers(), List.of(config.topics().responses(), config.topics().deadLetters(), REPLIES));
  }

  /** Answers (not dead letters) whose key starts with {@code prefix}, by key; fails on a second answer for a key. */
  private static Map<String, Answer> answersByKey(List<Answer> all, String prefix, String topic) {
    Map<String, Answer> byKey = new HashMap<>();
    for (Answer a : all) {
      if (a.topic().equals(topic) && a.key() != null && a.key().startsWith(prefix)) {
        assertNull(byKey.put(a.key(), a), "two answers for " + a.key());
      }
    }
    return byKey;
  }

  private static Predicate<List<Answer>> answered(String prefix, String topic, int n) {
    return all -> all.stream().filter(a -> a.topic().equals(topic) && a.key() != null && a.key().startsWith(prefix)).count() >= n;
  }

  @Test
  void scoreAndGenerateAnswersCarryTheSchemaAndMatchTheBundleRunDirectly() throws Exception {
    String text = ServingBundles.TEXT.substring(0, 100); // 20+ tokens: one whole 16-token block for the prefix cache
    try (ServingClient client = client()) {
      client.send(ServeTopics.REQUESTS, "a.s1", "{\"id\":\"a.s1\",\"op\":\"score\",\"text\":\"" + text + "\"}");
      client.send(ServeTopics.REQUESTS, "a.s2", "{\"id\":\"a.s2\",\"op\":\"score\",\"text\":\"" + text + "\",\"logprobs\":true}");
      client.send(ServeTopics.REQUESTS, "a.s3", "{\"id\":\"a.s3\",\"op\":\"score\",\"text\":\"cat\"}");
      String gen = "\"op\":\"generate\",\"prompt\":\"the cat\",\"max_tokens\":12,\"temperature\":1.0,\"top_k\":20,\"top_p\":0.9";
      client.send(ServeTopics.REQUESTS, "a.g1", "{\"id\":\"a.g1\"," + gen + ",\"seed\":11}");
      client.send(ServeTopics.REQUESTS, "a.g2", "{\"id\":\"a.g2\"," + gen + ",\"seed\":11}");
      client.send(ServeTopics.REQUESTS, "a.g3", "{\"id\":\"a.g3\"," + gen + ",\"seed\":12,\"logprobs\":true}");
      client.flush();
      Map<String, Answer> got = answersByKey(client.awaitUntil(answered("a.", ServeTopics.RESPONSES, 6), "6 answers"),
          "a.", ServeTopics.RESPONSES);
      try (ModelBundle bundle = BundleStore.at(store).open(1); ServedBundle served = ServedBundle.open(bundle, Device.cpu())) {
        Score ref = served.scorer().score(served.tokenizer().encode(text));
        JsonNode s1 = got.get("a.s1").json();
        assertFields(s1, "a.s1", "score");
        assertEquals(ref.tokens(), s1.get("tokens").asInt());
        assertEquals(ref.logprob(), s1.get("logprob").asDouble(), 1e-3);
        assertEquals(ref.perplexity(), s1.get("perplexity").asDouble(), 1e-3 * ref.perplexity());
        assertFalse(s1.has("token_logprobs"));
        JsonNode s2 = got.get("a.s2").json();
        assertEquals(ref.scored(), s2.get("token_logprobs").size());
        for (int i = 0; i < ref.scored(); i++) assertEquals(ref.tokenLogprobs()[i], s2.get("token_logprobs").get(i).asDouble(), 1e-3);
        JsonNode s3 = got.get("a.s3").json();
        assertEquals(1, s3.get("tokens").asInt());
        assertTrue(s3.get("perplexity").isNull(), "one token: nothing scored, perplexity null");
        assertEquals(15, s1.get("cached_tokens").asInt() + s2.get("cached_tokens").asInt(),
            "the same text twice: the second resumes at the last position of the first's 16-token block"
                + " (with the same answers, as compared above)");

        GenerationParams params = new GenerationParams(12, 1.0, 20, 0.9, 11, List.of(), LoadedBundle.GPT2_EOS);
        Generation expected = served.generator().generate("the cat", params);
        JsonNode g1 = got.get("a.g1").json();
        assertFields(g1, "a.g1", "generate");
        assertEquals(expected.text(), g1.get("text").asText());
        assertEquals(expected.tokens().length, g1.get("tokens").asInt());
        assertEquals(expected.finishReason().wireName(), g1.get("finish_reason").asText());
        assertEquals(g1.get("text").asText(), got.get("a.g2").json().get("text").asText(), "same seed, same text");
        JsonNode g3 = got.get("a.g3").json();
        assertEquals(g3.get("tokens").asInt(), g3.get("token_logprobs").size());
      }
    }
  }

  private static void assertFields(JsonNode n, String id, String op) {
    assertEquals(id, n.get("id").asText());
    assertEquals(op, n.get("op").asText());
    assertEquals("m1", n.get("model_version").asText());
    assertEquals(v1.version(), n.get("table_version").asLong());
    assertTrue(n.get("latency_ms").asLong() >= 0);
    assertTrue(n.get("cached_tokens").asInt() >= 0);
    assertEquals(1, n.get("schema_version").asInt());
    for (String f : List.of("tokens", "logprob", "perplexity")) assertTrue(n.has(f), f + " in " + n);
  }

  /** One invalid request, what it must be refused with, and the id the parser can read (null: none). */
  private record Bad(byte[] value, String code, String id) {
    static Bad of(String json, String code, String id) {
      return new Bad(json.getBytes(StandardCharsets.UTF_8), code, id);
    }
  }

  @Test
  void everyKindOfInvalidRequestIsDeadLetteredWithItsBytesWhileValidOnesAroundItAreAnswered() {
    byte[] notUtf8 = "{\"id\":\"b.u\",\"op\":\"score\",\"text\":\"caf\u00e9\"}".getBytes(StandardCharsets.UTF_8);
    notUtf8[notUtf8.length - 3] = (byte) 0xFF; // inside the text
    String longPrompt = "the cat sat on the mat ".repeat(10);
    List<Bad> bad = List.of(
        Bad.of("{not json", "not_json", null),
        new Bad(null, "not_json", null), // a tombstone
        new Bad(notUtf8, "not_utf8", null),
        Bad.of("{\"id\":\"b.op\",\"op\":\"translate\",\"text\":\"x\"}", "unknown_op", "b.op"),
        Bad.of("{\"op\":\"score\",\"text\":\"x\"}", "missing_field", null),
        Bad.of("{\"id\":\"b.mf\",\"op\":\"generate\"}", "missing_field", "b.mf"),
        Bad.of("{\"id\":\"b.wt\",\"op\":\"generate\",\"prompt\":\"x\",\"max_tokens\":\"5\"}", "wrong_type", "b.wt"),
        Bad.of("{\"id\":\"b.or\",\"op\":\"generate\",\"prompt\":\"x\",\"top_p\":1.5}", "out_of_range", "b.or"),
        Bad.of("{\"id\":\"b.tl\",\"op\":\"generate\",\"prompt\":\"" + longPrompt + "\"}", "too_large", "b.tl"));
    try (ServingClient client = client()) {
      for (int i = 0; i < bad.size(); i++) {
        client.send(ServeTopics.REQUESTS, "b.key" + i, bad.get(i).value());
        client.send(ServeTopics.REQUESTS, "b.ok" + i, "{\"id\":\"b.ok" + i + "\",\"op\":\"score\",\"text\":\"the dog\"}");
      }
      client.flush();
      long withId = bad.stream().filter(b -> b.id() != null).count();
      List<Answer> all = client.awaitUntil(answered("b.", ServeTopics.DEAD_LETTERS, bad.size())
          .and(answered("b.", ServeTopics.RESPONSES, bad.size() + (int) withId)), "dead letters and answers");
      all = client.drain(500);
      List<Answer> dead = all.stream().filter(a -> a.topic().equals(ServeTopics.DEAD_LETTERS) && a.key().startsWith("b.")).toList();
      assertEquals(bad.size(), dead.size());
      for (int i = 0; i < bad.size(); i++) {
        Bad b = bad.get(i);
        Answer d = dead.get(i); // one partition, one subtask: dead letters keep the request order
        assertArrayEquals(b.value(), d.value(), "original bytes of " + b.code());
        assertEquals(b.code(), d.header("error.code"));
        assertNotNull(d.header("error.message"));
        assertEquals(b.id() != null ? b.id() : "b.key" + i, d.key(), "key: the id if readable, else the original key");
      }
      Map<String, Answer> answers = answersByKey(all, "b.", ServeTopics.RESPONSES);
      for (int i = 0; i < bad.size(); i++) {
        assertEquals("score", answers.get("b.ok" + i).json().get("op").asText());
        Bad b = bad.get(i);
        if (b.id() == null) continue;
        JsonNode e = answers.get(b.id()).json();
        assertEquals(b.code(), e.get("error").get("code").asText());
        assertEquals(1, e.get("schema_version").asInt());
      }
      assertEquals(bad.size() + withId, answers.size(), "nothing else answered: " + answers.keySet());
    }
  }

  @Test
  void replyToAndCorrelationIdAreHonouredForAnswersAndErrors() {
    try (ServingClient client = client()) {
      client.send(ServeTopics.REQUESTS, "c.1", "{\"id\":\"c.1\",\"op\":\"score\",\"text\":\"the mat\"}",
          "reply_to", REPLIES, "correlation_id", "corr-1");
      client.send(ServeTopics.REQUESTS, "c.2", "{\"id\":\"c.2\",\"op\":\"score\",\"text\":\"\"}",
          "reply_to", REPLIES, "correlation_id", "corr-2");
      client.send(ServeTopics.REQUESTS, "c.3", "{\"id\":\"c.3\",\"op\":\"generate\",\"prompt\":\"the\",\"max_tokens\":2}",
          "correlation_id", "corr-3");
      client.send(ServeTopics.REQUESTS, "c.4", "{\"id\":\"c.4\",\"op\":\"score\",\"text\":\"x\"}", "reply_to", "no such topic");
      client.send(ServeTopics.REQUESTS, "c.5", "{\"id\":\"c.5\",\"op\":\"score\",\"text\":\"x\"}", "reply_to",
          "scone.responses.missing");
      client.flush();
      List<Answer> all = client.awaitUntil(answered("c.", REPLIES, 2).and(answered("c.", ServeTopics.RESPONSES, 3)),
          "answers on both topics");
      Map<String, Answer> replies = answersByKey(all, "c.", REPLIES);
      assertEquals("corr-1", replies.get("c.1").header("correlation_id"));
      assertEquals("score", replies.get("c.1").json().get("op").asText());
      assertEquals("corr-2", replies.get("c.2").header("correlation_id"));
      assertEquals("out_of_range", replies.get("c.2").json().get("error").get("code").asText());
      Map<String, Answer> responses = answersByKey(all, "c.", ServeTopics.RESPONSES);
      assertEquals("corr-3", responses.get("c.3").header("correlation_id"));
      assertEquals("bad_header", responses.get("c.4").json().get("error").get("code").asText());
      assertNull(responses.get("c.4").header("correlation_id"));
      JsonNode missing = responses.get("c.5").json().get("error");
      assertEquals("bad_header", missing.get("code").asText(), "a reply_to topic that does not exist is refused");
      assertTrue(missing.get("message").asText().contains("scone.responses.missing"), missing.toString());
    }
  }

  /**
   * Fields near the broker's 1 MiB record limit must not be copied into an answer or a dead letter
   * (the sink would throw RecordTooLargeException and the job would loop in restarts), and a
   * reply_to may not aim answers at the service's own topics. Each case is followed by a valid
   * request, which must be answered.
   */
  @Test
  void oversizedFieldsAndInternalReplyTopicsNeverStopTheService() {
    String big = "k".repeat(900_000);
    String valid = "\",\"op\":\"score\",\"text\":\"the mat\"}";
    try (ServingClient client = client()) {
      client.send(ServeTopics.REQUESTS, big, "{\"id\":\"o.1" + valid); // a huge key on a valid request
      client.send(ServeTopics.REQUESTS, big, "x"); // a huge key on a refused one: dead letter with the key cut
      client.send(ServeTopics.REQUESTS, "o.3", "{\"id\":\"o.3" + valid, "correlation_id", big);
      String[] many = new String[100];
      for (int h = 0; h < 50; h++) {
        many[2 * h] = "h" + h;
        many[2 * h + 1] = "v".repeat(16_000);
      }
      client.send(ServeTopics.REQUESTS, "o.4", "{\"id\":\"o.4" + valid, many);
      client.send(ServeTopics.REQUESTS, "o.5", "{\"id\":\"o.5\",\"op\":\"score\",\"text\":\"" + "a ".repeat(450_000) + "\"}");
      client.send(ServeTopics.REQUESTS, "o.6", "{\"id\":\"o.6" + valid, "reply_to", big);
      List<String> internal = List.of(ServeTopics.REQUESTS, ServeTopics.DEAD_LETTERS, ServeTopics.TABLES);
      for (int t = 0; t < internal.size(); t++) {
        client.send(ServeTopics.REQUESTS, "o.r" + t, "{\"id\":\"o.r" + t + valid, "reply_to", internal.get(t));
      }
      client.send(ServeTopics.REQUESTS, "o.last", "{\"id\":\"o.last" + valid);
      client.flush();
      Predicate<List<Answer>> lettersIn = a -> a.stream().anyMatch(x -> x.topic().equals(ServeTopics.DEAD_LETTERS)
          && x.key() != null && x.key().startsWith("kkk")) && a.stream().anyMatch(x -> x.topic().equals(
          ServeTopics.DEAD_LETTERS) && "o.5".equals(x.key()));
      // o.5 is refused by size before its id is read: a dead letter under its record key, no answer.
      List<Answer> all = client.awaitUntil(answered("o.", ServeTopics.RESPONSES, 8).and(lettersIn),
          "answers to o.* and the two dead letters");
      Map<String, Answer> got = answersByKey(all, "o.", ServeTopics.RESPONSES);
      for (String ok : List.of("o.1", "o.4", "o.last")) {
        assertEquals("score", got.get(ok).json().get("op").asText(), ok + ": " + got.get(ok).json());
      }
      assertEquals("bad_header", got.get("o.3").json().get("error").get("code").asText());
      assertNull(got.get("o.3").header("correlation_id"), "an oversized correlation_id is not copied");
      assertNull(got.get("o.5"));
      assertEquals("bad_header", got.get("o.6").json().get("error").get("code").asText());
      for (int t = 0; t < internal.size(); t++) {
        JsonNode error = got.get("o.r" + t).json().get("error");
        assertEquals("bad_header", error.get("code").asText(), internal.get(t));
        assertTrue(error.get("message").asText().contains(internal.get(t)), error.toString());
      }
      List<Answer> letters = all.stream().filter(a -> a.topic().equals(ServeTopics.DEAD_LETTERS)).toList();
      Answer cutKey = letters.stream().filter(a -> a.key() != null && a.key().startsWith("kkk")).findFirst()
          .orElseThrow(() -> new AssertionError("no dead letter for the refused request with a huge key"));
      assertEquals(RequestParser.MAX_KEY_BYTES, cutKey.key().length());
      Answer cutValue = letters.stream().filter(a -> "o.5".equals(a.key())).findFirst().orElseThrow();
      assertEquals(config.limits().maxRequestBytes(), cutValue.value().length);
      assertEquals("too_large", cutValue.header("error.code"));
    }
  }

  /**
   * Admission: a request that waited past the queue limit (here its record says it joined the
   * queue a minute ago) is answered overloaded at once, without the model; a fresh one is answered.
   */
  @Test
  void aRequestThatWaitedPastTheQueueLimitIsAnsweredOverloaded() throws InterruptedException {
    // Waiting counts from the model's start at the earliest: once a request is answered the model
    // has started, so the limit has surely passed since its start a limit after that answer (the
    // job's own start says nothing when a busy machine takes seconds to load the model).
    long limit = config.batch().maxQueueMs();
    try (ServingClient client = client()) {
      client.send(ServeTopics.REQUESTS, "q.ready", "{\"id\":\"q.ready\",\"op\":\"score\",\"text\":\"the cat\"}");
      client.flush();
      client.awaitUntil(answered("q.ready", ServeTopics.RESPONSES, 1), "the model's first answer");
      Thread.sleep(limit + 1000);
      long minuteAgo = System.currentTimeMillis() - 60_000;
      client.sendAt(minuteAgo, ServeTopics.REQUESTS, "q.old", "{\"id\":\"q.old\",\"op\":\"score\",\"text\":\"the mat\"}");
      client.send(ServeTopics.REQUESTS, "q.new", "{\"id\":\"q.new\",\"op\":\"score\",\"text\":\"the mat\"}");
      client.flush();
      Map<String, Answer> got = answersByKey(client.awaitUntil(answered("q.", ServeTopics.RESPONSES, 3), "3 answers"),
          "q.", ServeTopics.RESPONSES);
      JsonNode shed = got.get("q.old").json().get("error");
      assertEquals("overloaded", shed.get("code").asText(), got.get("q.old").json().toString());
      assertTrue(shed.get("message").asText().contains("waited"), shed.toString());
      assertEquals("score", got.get("q.new").json().get("op").asText());
    }
  }
}
