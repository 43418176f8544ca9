package dev.scone.jobs.serve;

import dev.scone.jobs.serve.protocol.RequestParser;
import java.io.Serializable;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The serving job's topics, and which topics a request may name as its {@code reply_to}.
 *
 * @param requests where requests come from ({@code scone.requests})
 * @param responses where answers go unless a request names its {@code reply_to} ({@code scone.responses})
 * @param deadLetters where refused requests go ({@code scone.requests.dlq})
 * @param tables where new bundles are announced ({@code scone.tables})
 * @param replyToPattern a regular expression a {@code reply_to} topic must match whole (default:
 *     the responses topic and {@code <responses>.<anything>}); the requests, dead-letter and
 *     tables topics are refused even when it matches them, so no request can write into the
 *     service's own input, its dead letters or its bundle announcements
 */
public record ServeTopics(String requests, String responses, String deadLetters, String tables, String replyToPattern)
    implements Serializable {

  public static final String REQUESTS = "scone.requests";
  public static final String RESPONSES = "scone.responses";
  public static final String DEAD_LETTERS = "scone.requests.dlq";
  public static final String TABLES = "scone.tables";

  public ServeTopics {
    for (String t : new String[] {requests, responses, deadLetters, tables}) {
      if (t == null || t.isBlank()) throw new IllegalArgumentException("topic names must not be blank: " + this);
    }
    try {
      Pattern.compile(replyToPattern);
    } catch (PatternSyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("the reply_to pattern is not a regular expression: " + replyToPattern, e);
    }
  }

  /** The four topics, answers allowed on the responses topic and {@code <responses>.<anything>}. */
  public ServeTopics(String requests, String responses, String deadLetters, String tables) {
    this(requests, responses, deadLetters, tables, defaultReplyToPattern(responses));
  }

  /** The architecture's topic names. */
  public static ServeTopics defaults() {
    return new ServeTopics(REQUESTS, RESPONSES, DEAD_LETTERS, TABLES);
  }

  /** The responses topic itself, or a name under it: {@code scone.responses}, {@code scone.responses.billing}. */
  public static String defaultReplyToPattern(String responses) {
    return Pattern.quote(responses) + "(\\..+)?";
  }

  public ServeTopics withReplyToPattern(String pattern) {
    return new ServeTopics(requests, responses, deadLetters, tables, pattern);
  }

  /**
   * Why {@code topic} may not receive answers, or empty when it may: an internal topic of the
   * service, or a name outside {@link #replyToPattern()}. Whether it exists is checked apart.
   */
  public Optional<String> replyToRefusal(String topic) {
    if (topic.equals(requests) || topic.equals(deadLetters) || topic.equals(tables)) {
      return Optional.of("the reply_to topic '" + topic + "' is one of the service's own topics (requests, dead"
          + " letters or bundle announcements); answers may not go there");
    }
    if (!Pattern.matches(replyToPattern, topic)) {
      return Optional.of("the reply_to topic '" + topic + "' is not an answer topic: it must match " + replyToPattern);
    }
    return Optional.empty();
  }

  /** The topic a {@code reply_to} header names when it is legal and allowed, else {@link #responses()}. */
  public String replyTopic(byte[] replyToHeader) {
    String named = replyToHeader == null ? null : RequestParser.topicName(replyToHeader);
    return named != null && replyToRefusal(named).isEmpty() ? named : responses;
  }

  /** Where the answer to a request with {@code replyTo} (null: none) goes. */
  public String replyTopic(String replyTo) {
    return replyTo != null ? replyTo : responses;
  }
}
