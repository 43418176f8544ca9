package dev.scone.jobs.rescore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.model.infer.Score;

/**
 * The output lines of a rescore, one JSON object per document (schema_version 1):
 * {@code {"id","tokens","logprob","perplexity","token_logprobs"?,"model_version","table_version","schema_version"}}
 * or, for a bad record, {@code {"id","error":{"code","message"},"schema_version"}}. Perplexity is
 * null when nothing was scored (fewer than 2 tokens). Doubles are written in full (round trip).
 */
public final class ScoreLine {
  public static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScoreLine() {}

  public static String score(String id, Score score, boolean logprobs, String modelVersion, long tableVersion) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("tokens", score.tokens());
    o.put("logprob", score.logprob());
    if (Double.isNaN(score.perplexity())) o.putNull("perplexity");
    else o.put("perplexity", score.perplexity());
    if (logprobs) {
      ArrayNode lps = o.putArray("token_logprobs");
      for (double lp : score.tokenLogprobs()) lps.add(lp);
    }
    o.put("model_version", modelVersion);
    o.put("table_version", tableVersion);
    o.put("schema_version", SCHEMA_VERSION);
    return o.toString();
  }

  public static String error(String id, String code, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    ObjectNode error = o.putObject("error");
    error.put("code", code);
    error.put("message", message);
    o.put("schema_version", SCHEMA_VERSION);
    return o.toString();
  }
}
