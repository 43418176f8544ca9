package dev.scone.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One request of {@code scone.requests} (docs/ARCHITECTURE.md, "Kafka topics and messages"). Null
 * fields are left out of the JSON, so the server's defaults apply. Immutable.
 *
 * @param id the request id (also the record key); never null ({@link #score}/{@link #generate} make a UUID)
 * @param op {@code score} or {@code generate}
 * @param text what {@code score} scores
 * @param prompt what {@code generate} continues
 */
public record Request(String id, String op, String text, String prompt, Integer maxTokens, Double temperature,
    Integer topK, Double topP, Long seed, List<String> stop, Boolean logprobs) {

  public static final String SCORE = "score";
  public static final String GENERATE = "generate";
  public static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  public Request {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) throw new IllegalArgumentException("a request id must not be blank");
    if (SCORE.equals(op)) {
      if (text == null) throw new IllegalArgumentException("op score needs a text");
    } else if (GENERATE.equals(op)) {
      if (prompt == null) throw new IllegalArgumentException("op generate needs a prompt");
    } else {
      throw new IllegalArgumentException("op must be '" + SCORE + "' or '" + GENERATE + "', found '" + op + "'");
    }
    stop = stop == null ? null : List.copyOf(stop);
  }

  /** A score request for {@code text} with a fresh UUID id. */
  public static Request score(String text) {
    return new Request(UUID.randomUUID().toString(), SCORE, text, null, null, null, null, null, null, null, null);
  }

  /** A generate request for {@code prompt} with a fresh UUID id. */
  public static Request generate(String prompt) {
    return new Request(UUID.randomUUID().toString(), GENERATE, null, prompt, null, null, null, null, null, null, null);
  }

  public Request withId(String newId) {
    return new Request(newId, op, text, prompt, maxTokens, temperature, topK, topP, seed, stop, logprobs);
  }

  public Request withSampling(Integer newMaxTokens, Double newTemperature, Integer newTopK, Double newTopP, Long newSeed) {
    return new Request(id, op, text, prompt, newMaxTokens, newTemperature, newTopK, newTopP, newSeed, stop, logprobs);
  }

  public Request withStop(List<String> newStop) {
    return new Request(id, op, text, prompt, maxTokens, temperature, topK, topP, seed, newStop, logprobs);
  }

  public Request withLogprobs(Boolean newLogprobs) {
    return new Request(id, op, text, prompt, maxTokens, temperature, topK, topP, seed, stop, newLogprobs);
  }

  /** The request's JSON with the architecture's snake_case names and {@code "schema_version": 1}. */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("op", op);
    if (text != null) o.put("text", text);
    if (prompt != null) o.put("prompt", prompt);
    if (maxTokens != null) o.put("max_tokens", maxTokens);
    if (temperature != null) o.put("temperature", temperature);
    if (topK != null) o.put("top_k", topK);
    if (topP != null) o.put("top_p", topP);
    if (seed != null) o.put("seed", seed);
    if (stop != null) stop.forEach(o.putArray("stop")::add);
    if (logprobs != null) o.put("logprobs", logprobs);
    o.put("schema_version", SCHEMA_VERSION);
    return o.toString();
  }
}
