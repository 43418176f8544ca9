package dev.scone.training.corpus;

import java.io.IOException;

/**
 * A corpus could not be fetched or verified: npm missing or failing, the registry unreachable, a
 * tarball whose digest differs from the pinned one, or an unsafe tarball entry. The message says
 * what was expected, what was found, and what to do.
 */
public final class CorpusFetchException extends IOException {

  public CorpusFetchException(String message) {
    super(message);
  }

  public CorpusFetchException(String message, Throwable cause) {
    super(message, cause);
  }
}
