package dev.scone.training.corpus;

import java.util.Objects;

/**
 * One document of a corpus: a stable id (unique within its corpus, used for splitting) and its
 * text with line endings normalized to {@code \n}. Neither component is null.
 */
public record Document(String id, String text) {

  public Document {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
  }

  /** Whitespace-separated words in {@link #text()}; O(length). */
  public long wordCount() {
    long words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
    return words;
  }

  /** Replaces {@code \r\n} and lone {@code \r} with {@code \n}; everything else is kept. */
  static String normalizeLineEndings(String raw) {
    if (raw.indexOf('\r') < 0) {
      return raw;
    }
    return raw.replace("\r\n", "\n").replace('\r', '\n');
  }
}
