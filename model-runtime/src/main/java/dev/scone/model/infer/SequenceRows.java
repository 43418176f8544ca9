package dev.scone.model.infer;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;

/**
 * The tokens of one sequence being generated (prompt, then each new token) and the row each
 * position reads, computed incrementally as tokens arrive: the same rows the batch matcher gives
 * for the whole sequence, since a match reads only the last maxN - 1 tokens. Not thread-safe.
 */
final class SequenceRows {

  private final InputRows.RowStream stream;
  private final IntArrayList rows = new IntArrayList();

  SequenceRows(InputRows.RowStream stream, int[] prompt) {
    this.stream = stream;
    for (int token : prompt) append(token);
  }

  void append(int token) {
    rows.add(stream.push(token));
  }

  int length() {
    return rows.size();
  }

  /** The rows of positions [from, to). */
  int[] rows(int from, int to) {
    return Arrays.copyOfRange(rows.elements(), from, to);
  }
}
