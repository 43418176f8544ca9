package dev.scone.training.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A package of program source: every regular file directly in the package root whose name ends in
 * {@code suffix} is one document, in name order, id = the file name. Subdirectories (e.g. lodash's
 * {@code fp/} wrappers) are left out: they repeat the same functions.
 */
final class SourceFilesLayout implements DocumentLayout {

  private final String suffix;

  SourceFilesLayout(String suffix) {
    this.suffix = suffix;
  }

  @Override
  public List<Document> read(Path packageRoot) throws IOException {
    List<Path> files = PlainText.filesEndingWith(packageRoot, suffix);
    files.sort(null);
    List<Document> documents = new ArrayList<>(files.size());
    for (Path f : files) {
      String text = PlainText.read(f);
      if (!text.isBlank()) documents.add(new Document(f.getFileName().toString(), text));
    }
    if (documents.isEmpty()) throw new IOException(packageRoot + ": expected " + suffix + " files, found none");
    return List.copyOf(documents);
  }
}
