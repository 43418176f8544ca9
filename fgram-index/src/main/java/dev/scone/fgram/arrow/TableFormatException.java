package dev.scone.fgram.arrow;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A scone Arrow file (vocabulary or embedding table) was refused: damaged, truncated, not Arrow,
 * of another format or version, or not the file the caller expected. The message starts with the
 * file and says what was expected and what was found, e.g. {@code table.arrow: vocab_sha256 does
 * not match (expected 3f2a…, found 91bc…)}. A caller that receives it keeps the version it had.
 */
public class TableFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file; // Path is not Serializable; the message names the file anyway

  public TableFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public TableFormatException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file that was refused. */
  public Path file() {
    return file;
  }
}
