package dev.scone.model.bundle;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model bundle (or one of its files, or an announcement pointing at it) was refused: missing,
 * damaged, inconsistent with its manifest or with the other files, or outside the store. The
 * message starts with the file, says what was expected and what was found, and ends by saying
 * that the bundle was not used, e.g. {@code .../v000007/table.arrow: vocab_sha256 does not match
 * (expected 3f2a…, found 91bc…); bundle v000007 refused, keep the version in use}. A caller that
 * receives it keeps the version it had.
 */
public class BundleException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file; // Path is not Serializable; the message names it anyway

  public BundleException(Path file, String problem, String bundle) {
    super(file + ": " + problem + "; " + refused(bundle));
    this.file = file;
  }

  public BundleException(Path file, String problem, String bundle, Throwable cause) {
    super(file + ": " + problem + "; " + refused(bundle), cause);
    this.file = file;
  }

  private static String refused(String bundle) {
    return "bundle " + bundle + " refused, keep the version in use";
  }

  /** The file (or bundle directory) that was refused. */
  public Path file() {
    return file;
  }
}
