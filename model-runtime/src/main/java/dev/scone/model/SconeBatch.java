package dev.scone.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The training path's input for one batch: B sequences of T tokens, the table row each position
 * reads (the token id, or V + f-gram id when the matcher found an f-gram ending there), and the
 * tokens of the f-grams referenced, deduplicated so each is run through the f-gram model once.
 *
 * <p>Immutable; built on the heap from int arrays, turned into arrays with {@link #toNDList}.
 */
public final class SconeBatch {

  private final int batch;
  private final int time;
  private final int[] tokens; // (B*T)
  private final int[] slot; // (B*T), index into the unique f-grams, -1 where the token row is read
  private final int[] fgramIds; // (U), first-seen order
  private final int[][] fgramTokens; // (U)

  private SconeBatch(
      int batch, int time, int[] tokens, int[] slot, int[] fgramIds, int[][] fgramTokens) {
    this.batch = batch;
    this.time = time;
    this.tokens = tokens;
    this.slot = slot;
    this.fgramIds = fgramIds;
    this.fgramTokens = fgramTokens;
  }

  /** A batch that reads only token rows (the baseline model, or no match anywhere). */
  public static SconeBatch tokensOnly(int[] tokens, int batch, int time, int vocabSize) {
    checkTokens(tokens, batch, time, vocabSize);
    int[] slot = new int[tokens.length];
    Arrays.fill(slot, -1);
    return new SconeBatch(batch, time, tokens.clone(), slot, new int[0], new int[0][]);
  }

  /**
   * @param tokens (B*T) token ids, row-major
   * @param rows (B*T) table rows: the token id where no f-gram matched, else V + f-gram id
   * @param fgramTokens the tokens of an f-gram id (e.g. {@code vocabulary::tokens})
   * @throws IllegalArgumentException naming the first position or f-gram that is inconsistent
   */
  public static SconeBatch of(int[] tokens, int[] rows, int batch, int time, int vocabSize,
      int maxN, IntFunction<int[]> fgramTokens) {
    checkTokens(tokens, batch, time, vocabSize);
    if (rows.length != tokens.length) {
      throw new IllegalArgumentException(tokens.length + " tokens but " + rows.length + " rows");
    }
    int[] slot = new int[rows.length];
    Int2IntOpenHashMap slotOfId = new Int2IntOpenHashMap();
    slotOfId.defaultReturnValue(-1);
    List<int[]> unique = new ArrayList<>();
    IntArrayList ids = new IntArrayList();
    for (int i = 0; i < rows.length; i++) {
      slot[i] = -1;
      if (rows[i] < vocabSize) {
        if (rows[i] != tokens[i]) {
          throw new IllegalArgumentException("position " + i + " has token " + tokens[i]
              + " but row " + rows[i] + "; a row below V=" + vocabSize
              + " must be the token itself");
        }
        continue;
      }
      int id = rows[i] - vocabSize;
      int s = slotOfId.get(id);
      if (s < 0) {
        s = unique.size();
        slotOfId.put(id, s);
        ids.add(id);
        unique.add(checkFgram(id, fgramTokens.apply(id), vocabSize, maxN));
      }
      slot[i] = s;
    }
    return new SconeBatch(
        batch, time, tokens.clone(), slot, ids.toIntArray(), unique.toArray(new int[0][]));
  }

  private static void checkTokens(int[] tokens, int batch, int time, int vocabSize) {
    if (batch < 1 || time < 1 || (long) batch * time != tokens.length) {
      throw new IllegalArgumentException(
          tokens.length + " tokens do not form a batch of " + batch + " x " + time);
    }
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] < 0 || tokens[i] >= vocabSize) {
        throw new IllegalArgumentException(
            "position " + i + " has token " + tokens[i] + " outside [0, " + vocabSize + ")");
      }
    }
  }

  static int[] checkFgram(int id, int[] fgram, int vocabSize, int maxN) {
    if (fgram == null || fgram.length < 2 || fgram.length > maxN) {
      throw new IllegalArgumentException("f-gram " + id + " is " + Arrays.toString(fgram)
          + "; f-grams have 2.." + maxN + " tokens");
    }
    for (int t : fgram) {
      if (t < 0 || t >= vocabSize) {
        throw new IllegalArgumentException("f-gram " + id + " " + Arrays.toString(fgram)
            + " has token " + t + " outside [0, " + vocabSize + ")");
      }
    }
    return fgram.clone();
  }

  public int batch() {
    return batch;
  }

  public int time() {
    return time;
  }

  /** U, the number of distinct f-grams this batch reads. */
  public int uniqueFgrams() {
    return fgramIds.length;
  }

  /** The f-gram id of unique f-gram {@code u}, in order of first appearance. */
  public int fgramId(int u) {
    return fgramIds[u];
  }

  /**
   * The arrays the model's training-path forward takes, created in {@code manager}:
   * <ol>
   *   <li>tokens (B, T) INT64;
   *   <li>only when U > 0: slot (B, T) INT64, the unique f-gram each position reads (0 where it
   *       reads its token row); replaced (B, T) BOOLEAN, true where it reads an f-gram; f-gram
   *       tokens (U, K) INT64, K the longest, padded at the end with token 0; last (U) INT64,
   *       each f-gram's length - 1.
   * </ol>
   */
  public NDList toNDList(NDManager manager) {
    Shape bt = new Shape(batch, time);
    NDList list = new NDList(manager.create(toLong(tokens), bt));
    if (fgramIds.length == 0) return list;
    long[] slots = new long[slot.length];
    boolean[] replaced = new boolean[slot.length];
    for (int i = 0; i < slot.length; i++) {
      slots[i] = Math.max(slot[i], 0);
      replaced[i] = slot[i] >= 0;
    }
    list.add(manager.create(slots, bt));
    list.add(manager.create(replaced, bt));
    list.addAll(FgramArrays.padded(Arrays.asList(fgramTokens), manager));
    return list;
  }

  static long[] toLong(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }
}
