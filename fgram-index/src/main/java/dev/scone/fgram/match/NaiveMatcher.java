package dev.scone.fgram.match;

import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The straightforward longest-match rule: a {@code HashMap<List<Integer>, Integer>} probed with
 * a freshly boxed list for each suffix, longest first. It is {@code MatchBench}'s baseline and
 * the brute-force reference the matcher's tests compare against, so it stays as plain as the
 * rule itself: at position {@code i} the row is {@code V + id} of the longest {@code x[i-k+1..i]}
 * in F ({@code 2 <= k <= maxN}), else {@code x[i]}; the lowest id wins for a repeated n-gram.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class NaiveMatcher {
  private final Map<List<Integer>, Integer> ids = new HashMap<>();
  private final int vocabSize;
  private final int maxN;

  public NaiveMatcher(FgramVocabulary vocab) {
    this.vocabSize = vocab.meta().vocabSize();
    this.maxN = vocab.meta().maxN();
    for (int id = 0; id < vocab.size(); id++) {
      ids.putIfAbsent(boxed(vocab.tokens(id), 0, vocab.length(id)), id);
    }
  }

  /** The f-gram id of {@code tokens[start .. start+length)}, or -1. */
  public int idOf(int[] tokens, int start, int length) {
    return ids.getOrDefault(boxed(tokens, start, length), -1);
  }

  /** The rows of one document. */
  public int[] rows(int[] document) {
    return scan(document, false);
  }

  /** The matched length per position of one document, 0 where nothing matched. */
  public int[] matchLengths(int[] document) {
    return scan(document, true);
  }

  private int[] scan(int[] document, boolean lengths) {
    int[] out = new int[document.length];
    for (int i = 0; i < document.length; i++) {
      out[i] = lengths ? 0 : document[i];
      for (int k = Math.min(maxN, i + 1); k >= 2; k--) {
        Integer id = ids.get(boxed(document, i - k + 1, k));
        if (id != null) {
          out[i] = lengths ? k : vocabSize + id;
          break;
        }
      }
    }
    return out;
  }

  private static List<Integer> boxed(int[] tokens, int start, int length) {
    List<Integer> key = new ArrayList<>(length);
    for (int j = start; j < start + length; j++) key.add(tokens[j]);
    return key;
  }
}
