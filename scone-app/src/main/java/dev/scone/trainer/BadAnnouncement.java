package dev.scone.trainer;

/** A scone.vocab announcement the trainer refuses; the message says what was wrong, expected and found. */
public final class BadAnnouncement extends Exception {
  private static final long serialVersionUID = 1L;

  public BadAnnouncement(String message) {
    super(message);
  }

  public BadAnnouncement(String message, Throwable cause) {
    super(message, cause);
  }
}
