package dev.scone.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.client.Reply;
import dev.scone.client.Request;
import dev.scone.client.RequestClient;
import dev.scone.client.RequestTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends score and generate requests through {@code scone.requests} and reads the answers from
 * {@code scone.responses} with a {@link RequestClient}, counting what was answered by op and
 * which table versions answered. Not thread-safe.
 */
final class SampleRequests implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** One answer: op, the bundle (table) version that answered, perplexity, generated text (or null), latency. */
  record Answer(String op, long tableVersion, double perplexity, String text, long latencyMs, String error) {}

  private final RequestClient client;
  private final int generateTokens;
  private final List<Answer> answers = new ArrayList<>();
  private long seed = 1;

  SampleRequests(String bootstrap, int generateTokens) {
    this.client = RequestClient.open(bootstrap);
    this.generateTokens = generateTokens;
  }

  /** Scores each of {@code texts} and continues each of {@code prompts}, all in one go; returns the answers. */
  List<Answer> send(List<String> texts, List<String> prompts) throws RequestTimeoutException {
    List<Request> requests = new ArrayList<>();
    for (String t : texts) requests.add(Request.score(t));
    for (String p : prompts) {
      requests.add(Request.generate(p).withSampling(generateTokens, 0.8, 40, null, seed++));
    }
    List<Answer> got = new ArrayList<>();
    for (Reply r : client.requestAll(requests, TIMEOUT)) got.add(parse(r));
    answers.addAll(got);
    return got;
  }

  /** Sends one score request; returns the table version that answered it. */
  long probe(String text) throws RequestTimeoutException {
    return send(List.of(text), List.of()).get(0).tableVersion();
  }

  private static Answer parse(Reply r) {
    try {
      JsonNode n = JSON.readTree(r.json());
      String error = n.has("error") ? n.path("error").path("code").asText() + ": " + n.path("error").path("message").asText() : null;
      return new Answer(n.path("op").asText("?"), n.path("table_version").asLong(-1), n.path("perplexity").asDouble(Double.NaN),
          n.hasNonNull("text") ? n.path("text").asText() : null, n.path("latency_ms").asLong(-1), error);
    } catch (IOException e) {
      throw new UncheckedIOException("an answer that is not JSON: " + r.json(), e);
    }
  }

  /** Answers (without error) to op {@code op} so far. */
  long answered(String op) {
    return answers.stream().filter(a -> a.error() == null && a.op().equals(op)).count();
  }

  long errors() {
    return answers.stream().filter(a -> a.error() != null).count();
  }

  /** The distinct table versions that answered, ascending. */
  List<Long> tableVersions() {
    return answers.stream().filter(a -> a.error() == null).map(Answer::tableVersion).distinct().sorted().toList();
  }

  /** Mean latency the server reported, ms. */
  double meanLatencyMs() {
    return answers.stream().filter(a -> a.latencyMs() >= 0).mapToLong(Answer::latencyMs).average().orElse(Double.NaN);
  }

  @Override
  public void close() {
    client.close();
  }
}
