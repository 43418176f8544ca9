package dev.scone.training.corpus;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads corpus text files: strict UTF-8, line endings normalized to {@code \n}. */
final class PlainText {

  private PlainText() {}

  static String read(Path file) throws IOException {
    try {
      return Document.normalizeLineEndings(Files.readString(file, StandardCharsets.UTF_8));
    } catch (CharacterCodingException e) {
      throw new IOException(file + ": not valid UTF-8 (" + e + ")", e);
    }
  }

  /** Regular files directly in {@code dir} whose names end in {@code suffix}, in any order. */
  static List<Path> filesEndingWith(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": expected a directory of " + suffix + " files, found none");
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries
          .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix))
          .forEach(files::add);
    }
    return files;
  }

  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }
}
