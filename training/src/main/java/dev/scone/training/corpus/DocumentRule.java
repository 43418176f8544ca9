package dev.scone.training.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a text file given on the command line is cut into documents. Context and f-gram matches
 * never cross a document boundary (in training, serving and scoring alike), so the rule decides
 * what a position may see.
 */
public enum DocumentRule {
  /**
   * Documents are separated by one or more blank lines (lines empty or holding only whitespace);
   * the breaks themselves belong to no document. The rule for files that hold many short
   * documents (e.g. one record per paragraph).
   */
  BLANK_LINE,
  /** The whole file is one document, as the corpora and {@code scone count --text} take their files. */
  FILE;

  /** A line break followed by one or more lines that are empty or only whitespace, each ended by a break. */
  private static final Pattern BLANK_LINES = Pattern.compile("\\n(?:[ \\t\\x0B\\f]*\\n)+");

  /**
   * The documents of {@code text} (line endings normalized to {@code \n} first), ids {@code id}
   * for the whole file or {@code id#1}, {@code id#2}, ... for its pieces. Documents with no
   * non-whitespace character are dropped: they have nothing to score.
   */
  public List<Document> split(String id, String text) {
    String normalized = Document.normalizeLineEndings(text);
    if (this == FILE) return normalized.isBlank() ? List.of() : List.of(new Document(id, normalized));
    List<Document> out = new ArrayList<>();
    int n = 0;
    for (String piece : BLANK_LINES.split(normalized)) {
      if (piece.isBlank()) continue;
      out.add(new Document(id + "#" + (++n), piece));
    }
    return out;
  }
}
