package dev.scone.jobs.serve.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.jobs.serve.ServingLimits;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Turns a {@code scone.requests} record into a {@link ServeRequest} or refuses it with an
 * {@link InvalidRequest}, checked in this order: size (bytes), strict UTF-8, one JSON object
 * (no duplicate fields, no trailing data), {@code id}, the {@code correlation_id} header's size
 * ({@value #MAX_CORRELATION_ID_BYTES} bytes at most: it is copied into the answer), the {@code reply_to} header,
 * {@code schema_version} (absent or 1), {@code op}, then the op's fields and {@link ServingLimits}.
 * Fields of the other op and unknown fields are ignored (a newer client's additions).
 *
 * <p>Defaults as in {@link dev.scone.model.infer.GenerationParams#defaults()}: max_tokens 64,
 * temperature 1, top_k 0, top_p 1, seed 0, no stop; logprobs false.
 *
 * <p>Thread-safe if the tokenizer is (the project's are).
 */
public final class RequestParser {
  public static final int DEFAULT_MAX_TOKENS = 64;
  /**
   * Most bytes of a {@code correlation_id} header. It is copied into the answer, and an answer over
   * the producer's size limit would fail the sink (and fail it again after every restart).
   */
  public static final int MAX_CORRELATION_ID_BYTES = 1024;
  /** Most bytes of a record key copied into a dead letter; a longer key is cut (the id, when readable, is used instead). */
  public static final int MAX_KEY_BYTES = 1024;
  /** Kafka's legal topic names. */
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final ServingLimits limits;
  private final Tokenizer tokenizer;

  public RequestParser(ServingLimits limits, Tokenizer tokenizer) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
  }

  /** @throws InvalidRequest with the code and, when it was readable, the request id */
  public ServeRequest parse(RawRequest raw) throws InvalidRequest {
    JsonNode object = object(raw.value());
    String id = id(object);
    RequestFields fields = new RequestFields(object, id);
    if (raw.correlationId() != null && raw.correlationId().length > MAX_CORRELATION_ID_BYTES) {
      throw new InvalidRequest(ErrorCode.BAD_HEADER, "the correlation_id header has " + raw.correlationId().length
          + " bytes, at most " + MAX_CORRELATION_ID_BYTES + " allowed", id);
    }
    String replyTo = replyTo(raw.replyTo(), id);
    fields.integer("schema_version", 1, 1, 1);
    String opName = fields.requiredText("op");
    Op op = switch (opName) {
      case "score" -> Op.SCORE;
      case "generate" -> Op.GENERATE;
      default -> throw fields.refuse(ErrorCode.UNKNOWN_OP, "'op' must be \"score\" or \"generate\", found \""
          + abbreviate(opName) + "\"");
    };
    boolean logprobs = fields.bool("logprobs", false);
    if (op == Op.SCORE) {
      int[] tokens = tokens(fields, "text", limits.maxTextTokens());
      return new ServeRequest(id, op, tokens, 0, 0, 0, 1, 0, new String[0], logprobs, replyTo, raw.correlationId(),
          raw.receivedAtMs(), raw.enqueuedAtMs());
    }
    int[] tokens = tokens(fields, "prompt", limits.maxPromptTokens());
    int maxTokens = (int) fields.integer("max_tokens", DEFAULT_MAX_TOKENS, 0, limits.maxNewTokens());
    double temperature = fields.number("temperature", 1.0, 0, false, limits.maxTemperature());
    int topK = (int) fields.integer("top_k", 0, 0, limits.maxTopK());
    double topP = fields.number("top_p", 1.0, 0, true, 1.0);
    long seed = fields.integer("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
    String[] stop = fields.stopSequences("stop", limits.maxStopSequences(), limits.maxStopChars());
    return new ServeRequest(id, op, tokens, maxTokens, temperature, topK, topP, seed, stop, logprobs, replyTo,
        raw.correlationId(), raw.receivedAtMs(), raw.enqueuedAtMs());
  }

  private JsonNode object(byte[] value) throws InvalidRequest {
    if (value == null || value.length == 0) {
      throw new InvalidRequest(ErrorCode.NOT_JSON, "the request value is empty; expected a JSON object", null);
    }
    if (value.length > limits.maxRequestBytes()) {
      throw new InvalidRequest(ErrorCode.TOO_LARGE, "the request has " + value.length + " bytes, at most "
          + limits.maxRequestBytes() + " allowed", null);
    }
    String text;
    try {
      text = StrictUtf8.decode(value);
    } catch (CharacterCodingException e) {
      throw new InvalidRequest(ErrorCode.NOT_UTF8, "the request is not valid UTF-8 (first bad byte at offset "
          + StrictUtf8.firstBadByte(value) + ")", null);
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidRequest(ErrorCode.NOT_JSON, "the request is not one JSON document: " + e.getOriginalMessage(),
          null);
    }
    if (node == null || node.isMissingNode()) {
      throw new InvalidRequest(ErrorCode.NOT_JSON, "the request holds no JSON value, only whitespace", null);
    }
    if (!node.isObject()) {
      throw new InvalidRequest(ErrorCode.WRONG_TYPE, "the request must be a JSON object, found "
          + RequestFields.kind(node), null);
    }
    return node;
  }

  private String id(JsonNode object) throws InvalidRequest {
    String id = new RequestFields(object, null).requiredText("id");
    if (id.isEmpty()) throw new InvalidRequest(ErrorCode.OUT_OF_RANGE, "'id' is empty", null);
    if (id.length() > limits.maxIdChars()) {
      throw new InvalidRequest(ErrorCode.TOO_LARGE, "'id' has " + id.length() + " chars, at most "
          + limits.maxIdChars() + " allowed", null);
    }
    return id;
  }

  private static String replyTo(byte[] header, String id) throws InvalidRequest {
    if (header == null) return null;
    String topic = topicName(header);
    if (topic == null) {
      throw new InvalidRequest(ErrorCode.BAD_HEADER, "the reply_to header must be a Kafka topic name (1-249 of"
          + " [a-zA-Z0-9._-], UTF-8), found " + header.length + " bytes that are not", id);
    }
    return topic;
  }

  /** The correlation id an answer may carry: {@code header}, or null when absent or over {@link #MAX_CORRELATION_ID_BYTES}. */
  public static byte[] boundedCorrelationId(byte[] header) {
    return header != null && header.length <= MAX_CORRELATION_ID_BYTES ? header : null;
  }

  /** {@code key}, cut to its first {@link #MAX_KEY_BYTES} bytes when longer; null stays null. */
  public static byte[] boundedKey(byte[] key) {
    return key != null && key.length > MAX_KEY_BYTES ? Arrays.copyOf(key, MAX_KEY_BYTES) : key;
  }

  /** The topic a {@code reply_to} header names, or null when it is not UTF-8 or not a legal topic name. */
  public static String topicName(byte[] header) {
    String topic;
    try {
      topic = StrictUtf8.decode(header);
    } catch (CharacterCodingException e) {
      return null;
    }
    boolean legal = TOPIC.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..");
    return legal ? topic : null;
  }

  private int[] tokens(RequestFields fields, String name, int maxTokens) throws InvalidRequest {
    String text = fields.requiredText(name);
    if (text.isEmpty()) throw fields.refuse(ErrorCode.OUT_OF_RANGE, "'" + name + "' is empty; expected some text");
    int[] tokens = tokenizer.encode(text);
    if (tokens.length > maxTokens) {
      throw fields.refuse(ErrorCode.TOO_LARGE, "'" + name + "' has " + tokens.length + " tokens, at most "
          + maxTokens + " allowed");
    }
    return tokens;
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
