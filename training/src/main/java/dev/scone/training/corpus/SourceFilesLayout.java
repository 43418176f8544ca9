package dev.scone.training.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A package of program source, one document per file whose name ends in {@code suffix}, in path
 * order. Either the files directly in the package root (lodash: its {@code fp/} wrappers repeat the
 * same functions, so subdirectories are left out; id = the file name), or every file under one
 * source directory, however deep (jQuery's {@code src/}; id = the path from the package root, with
 * {@code /}).
 */
final class SourceFilesLayout implements DocumentLayout {

  private final String suffix;
  /** The source directory searched recursively, or null for the package root's own files. */
  private final String tree;

  /** The files directly in the package root. */
  SourceFilesLayout(String suffix) {
    this(suffix, null);
  }

  private SourceFilesLayout(String suffix, String tree) {
    this.suffix = suffix;
    this.tree = tree;
  }

  /** Every file under {@code directory} (relative to the package root), at any depth. */
  static SourceFilesLayout tree(String directory, String suffix) {
    return new SourceFilesLayout(suffix, directory);
  }

  @Override
  public List<Document> read(Path packageRoot) throws IOException {
    List<Path> files = tree == null ? PlainText.filesEndingWith(packageRoot, suffix) : walk(packageRoot.resolve(tree));
    files.sort(null);
    List<Document> documents = new ArrayList<>(files.size());
    for (Path f : files) {
      String text = PlainText.read(f);
      String id = tree == null ? f.getFileName().toString() : packageRoot.relativize(f).toString().replace('\\', '/');
      if (!text.isBlank()) documents.add(new Document(id, text));
    }
    if (documents.isEmpty()) {
      throw new IOException(packageRoot.resolve(tree == null ? "" : tree) + ": expected " + suffix + " files, found none");
    }
    return List.copyOf(documents);
  }

  private List<Path> walk(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new IOException(dir + ": expected a directory of " + suffix + " files, found none");
    try (Stream<Path> entries = Files.walk(dir)) {
      return new ArrayList<>(entries.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix)).toList());
    }
  }
}
