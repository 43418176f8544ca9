package dev.scone.jobs.serve.protocol;

/**
 * A request refused by {@link RequestParser}: its {@link ErrorCode}, a message naming the field,
 * what was expected and what was found, and the request id when one could be read (else null).
 */
public final class InvalidRequest extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final String id;

  public InvalidRequest(ErrorCode code, String message, String id) {
    super(message, null, false, false); // no stack trace: refusals are normal traffic
    this.code = code;
    this.id = id;
  }

  public ErrorCode code() {
    return code;
  }

  /** The request id, or null when it could not be read. */
  public String id() {
    return id;
  }

}
