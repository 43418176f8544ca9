package dev.scone.training.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A corpus made of your own text: every regular {@code .txt} file directly in a directory is one
 * document, its file name the id (so its split, by {@link dev.scone.training.corpus.Split}, follows its
 * name). Files are read as strict UTF-8 with line endings normalized to {@code \n}, in name order.
 * The corpus's "version" follows its documents ({@link Corpus#ofDocuments}). Stateless.
 */
public final class TextDirectory {

  private TextDirectory() {}

  /**
   * Loads {@code dir} as the corpus {@code name}.
   *
   * @param name lower-case letters, digits and dashes (it names the token cache directory)
   * @throws IOException when {@code dir} holds no {@code .txt} file or one is not UTF-8 (named)
   */
  public static Corpus load(String name, Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    return Corpus.ofDocuments(name, "local:" + absolute, "the .txt files in " + absolute, absolute, read(dir));
  }

  private static List<Document> read(Path dir) throws IOException {
    List<Path> files = PlainText.filesEndingWith(dir, ".txt");
    if (files.isEmpty()) throw new IOException(dir + ": expected .txt files (one document each), found none");
    files.sort(null);
    List<Document> documents = new ArrayList<>();
    for (Path f : files) documents.add(new Document(f.getFileName().toString(), PlainText.read(f)));
    return documents;
  }
}
