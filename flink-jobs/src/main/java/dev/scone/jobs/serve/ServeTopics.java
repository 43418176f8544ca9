package dev.scone.jobs.serve;

import dev.scone.jobs.serve.protocol.RequestParser;
import java.io.Serializable;

/**
 * The serving job's topics.
 *
 * @param requests where requests come from ({@code scone.requests})
 * @param responses where answers go unless a request names its {@code reply_to} ({@code scone.responses})
 * @param deadLetters where refused requests go ({@code scone.requests.dlq})
 * @param tables where new bundles are announced ({@code scone.tables})
 */
public record ServeTopics(String requests, String responses, String deadLetters, String tables)
    implements Serializable {

  public static final String REQUESTS = "scone.requests";
  public static final String RESPONSES = "scone.responses";
  public static final String DEAD_LETTERS = "scone.requests.dlq";
  public static final String TABLES = "scone.tables";

  public ServeTopics {
    for (String t : new String[] {requests, responses, deadLetters, tables}) {
      if (t == null || t.isBlank()) throw new IllegalArgumentException("topic names must not be blank: " + this);
    }
  }

  /** The architecture's topic names. */
  public static ServeTopics defaults() {
    return new ServeTopics(REQUESTS, RESPONSES, DEAD_LETTERS, TABLES);
  }

  /** The topic a {@code reply_to} header names when it is legal, else {@link #responses()}. */
  public String replyTopic(byte[] replyToHeader) {
    String named = replyToHeader == null ? null : RequestParser.topicName(replyToHeader);
    return named != null ? named : responses;
  }

  /** Where the answer to a request with {@code replyTo} (null: none) goes. */
  public String replyTopic(String replyTo) {
    return replyTo != null ? replyTo : responses;
  }
}
