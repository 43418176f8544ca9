package dev.scone.jobs.count;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an oversized document into pieces of at most {@code maxChars} UTF-16 chars, so that one
 * huge record cannot make one subtask tokenize and pre-aggregate megabytes at once.
 *
 * <p><b>The rule.</b> Each piece ends at the last line break ({@code '\n'}) in the second half of
 * its window {@code (start + maxChars/2, start + maxChars]}; with none there, after the last
 * whitespace char in that half; with none either, at {@code start + maxChars}, moved back by one
 * char when that would cut a surrogate pair. The break char stays at the end of the earlier piece,
 * so concatenating the pieces gives the document back. Each piece is then a document of its own:
 * n-grams that span a cut are not counted (at most {@code maxN - 1} per cut, next to a line break
 * or space in the usual case).
 *
 * <p>Stateless and thread-safe.
 */
public final class DocumentSplitter {
  private final int maxChars;

  public DocumentSplitter(int maxChars) {
    if (maxChars < 2) throw new IllegalArgumentException("maxChars must be >= 2, got " + maxChars);
    this.maxChars = maxChars;
  }

  /** The pieces of {@code text}, in order; {@code text} itself (one piece) when short enough. */
  public List<String> split(String text) {
    List<String> pieces = new ArrayList<>(text.length() / maxChars + 1);
    int start = 0;
    while (text.length() - start > maxChars) {
      int end = cut(text, start);
      pieces.add(text.substring(start, end));
      start = end;
    }
    pieces.add(text.substring(start));
    return pieces;
  }

  /** The end (exclusive) of the piece starting at {@code start}; {@code start < end <= start + maxChars}. */
  int cut(String text, int start) {
    int limit = start + maxChars;
    int floor = start + maxChars / 2;
    int lineBreak = text.lastIndexOf('\n', limit - 1);
    if (lineBreak >= floor) return lineBreak + 1;
    for (int i = limit - 1; i >= floor; i--) {
      if (Character.isWhitespace(text.charAt(i))) return i + 1;
    }
    return Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
  }
}
