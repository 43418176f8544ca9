package dev.scone.jobs.serve.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.model.infer.Generation;
import dev.scone.model.infer.Score;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@code scone.responses} values (UTF-8 JSON, {@code "schema_version": 1}):
 *
 * <pre>{@code
 * score:    {"id","op":"score","model_version","table_version","tokens","logprob","perplexity",
 *            "token_logprobs"?,"cached_tokens","latency_ms","schema_version"}
 * generate: {"id","op":"generate","model_version","table_version","tokens","logprob","perplexity",
 *            "token_logprobs"?,"text","finish_reason","cached_tokens","latency_ms","schema_version"}
 * error:    {"id","error":{"code","message"},"schema_version"}
 * }</pre>
 *
 * For score, {@code tokens} counts the text's tokens, {@code logprob} sums the log-probabilities
 * of tokens 2..n (natural log) and {@code perplexity} is {@code exp(-logprob / (n - 1))}, null
 * when n = 1. For generate they describe the generated tokens (without the prompt). Thread-safe.
 */
public final class ResponseJson {
  public static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResponseJson() {}

  /** Which bundle answered: the manifest's model_version and the bundle (table) version. */
  public record Versions(String modelVersion, long tableVersion) {}

  public static byte[] score(String id, Versions v, Score s, boolean logprobs, long latencyMs) {
    ObjectNode n = head(id, Op.SCORE, v);
    figures(n, s.tokens(), s.logprob(), s.perplexity(), logprobs ? s.tokenLogprobs() : null);
    n.put("cached_tokens", s.cachedTokens());
    return tail(n, latencyMs);
  }

  public static byte[] generate(String id, Versions v, Generation g, boolean logprobs, long latencyMs) {
    ObjectNode n = head(id, Op.GENERATE, v);
    double sum = 0;
    for (double lp : g.tokenLogprobs()) sum += lp;
    int count = g.tokens().length;
    figures(n, count, sum, count == 0 ? Double.NaN : Math.exp(-sum / count), logprobs ? g.tokenLogprobs() : null);
    n.put("text", g.text());
    n.put("finish_reason", g.finishReason().wireName());
    n.put("cached_tokens", g.cachedTokens());
    return tail(n, latencyMs);
  }

  public static byte[] error(String id, ErrorCode code, String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id);
    ObjectNode e = n.putObject("error");
    e.put("code", code.wireName());
    e.put("message", message);
    n.put("schema_version", SCHEMA_VERSION);
    return bytes(n);
  }

  private static ObjectNode head(String id, Op op, Versions v) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id);
    n.put("op", op.wireName());
    n.put("model_version", v.modelVersion());
    n.put("table_version", v.tableVersion());
    return n;
  }

  private static void figures(ObjectNode n, int tokens, double logprob, double perplexity, double[] perToken) {
    n.put("tokens", tokens);
    n.put("logprob", logprob);
    if (Double.isFinite(perplexity)) {
      n.put("perplexity", perplexity);
    } else {
      n.putNull("perplexity"); // nothing scored: JSON has no NaN
    }
    if (perToken != null) {
      ArrayNode a = n.putArray("token_logprobs");
      for (double lp : perToken) a.add(lp);
    }
  }

  private static byte[] tail(ObjectNode n, long latencyMs) {
    n.put("latency_ms", latencyMs);
    n.put("schema_version", SCHEMA_VERSION);
    return bytes(n);
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a response as JSON", e);
    }
  }
}
