package dev.scone.model.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Where a position's input vector comes from, in tokenizer id space. A "row" is what a position
 * reads: a tokenizer id ({@code < V}) or, with SCONE, {@code V + fgramId} for the longest f-gram
 * ending there. The baseline's rows are the tokens themselves.
 *
 * <p>Not thread-safe (the SCONE implementation reuses one staging buffer): one per handle.
 */
interface InputRows {

  /** The rows of a whole document, one per token. Tokens must already be in [0, V). */
  int[] rows(int[] tokens);

  /** A fresh incremental row source for one sequence (generation). */
  RowStream stream();

  /**
   * The (B, T, d) input vectors of {@code rows[0 .. batch * time)}, row-major, in {@code
   * manager}. The array may read memory this object reuses on the next call: use it only until
   * then.
   */
  NDArray inputs(NDManager manager, int[] rows, int batch, int time);

  /** What {@link #rows} computes, token by token: one per sequence, not thread-safe. */
  interface RowStream {
    /** Appends {@code token} to the sequence and returns its position's row. */
    int push(int token);
  }
}
