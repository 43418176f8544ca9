package dev.scone.client;

import java.util.List;

/** No answer came in time; the message names the topics and the ids still waiting. */
public final class RequestTimeoutException extends Exception {
  private final List<String> missingIds;

  RequestTimeoutException(String message, List<String> missingIds) {
    super(message);
    this.missingIds = List.copyOf(missingIds);
  }

  /** Ids of the requests without an answer, in request order. */
  public List<String> missingIds() {
    return missingIds;
  }
}
