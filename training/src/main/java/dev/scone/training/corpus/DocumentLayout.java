package dev.scone.training.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How one corpus package's files become documents. Implementations are stateless and
 * thread-safe, and return documents in a deterministic order with unique ids.
 */
public interface DocumentLayout {

  /**
   * Reads the documents of an extracted npm package.
   *
   * @param packageRoot the {@code package/} directory of the extracted tarball
   * @throws IOException when a file is missing, unreadable or not UTF-8 (the message names it)
   */
  List<Document> read(Path packageRoot) throws IOException;
}
