package dev.scone.training.bundle;

import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.PackedKeyIndex;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.table.EmbeddingTableMeta;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * The table a refresh copies from: finds an f-gram's row in it by token sequence (f-gram ids move
 * between vocabularies as counts change) and copies rows out in bulk. Memory: the packed index,
 * about 40 bytes per previous f-gram, and one direct buffer of {@code chunkRows * d} floats.
 * Not thread-safe (one precompute thread).
 */
final class PreviousTable {
  private final EmbeddingTable table;
  private final int vocabSize;
  private final NgramPacker packer;
  private final PackedKeyIndex rowOf; // packed tokens -> row in the previous table (V + old id)
  private final ByteBuffer staging; // gathered rows, little-endian float32
  private final int dim;

  private PreviousTable(EmbeddingTable table, FgramVocabulary vocab, NgramPacker packer, int chunkRows) {
    this.table = table;
    this.vocabSize = vocab.meta().vocabSize();
    this.packer = packer;
    this.dim = table.dim();
    this.rowOf = new PackedKeyIndex(Math.max(1, vocab.size()));
    for (int id = 0; id < vocab.size(); id++) {
      int[] g = vocab.tokens(id);
      rowOf.put(packer.lo(g, 0, g.length), packer.hi(g, 0, g.length), vocabSize + id);
    }
    this.staging = ByteBuffer.allocateDirect(Math.multiplyExact(chunkRows, dim * Float.BYTES))
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Indexes {@code oldVocab}, whose rows {@code oldTable} holds, for refreshing into a table of
   * {@code target} (same tokenizer, V, dim, dtype and model version).
   *
   * @throws IllegalArgumentException naming the first property that differs
   */
  static PreviousTable of(EmbeddingTable oldTable, FgramVocabulary oldVocab, EmbeddingTableMeta target,
      int chunkRows) {
    EmbeddingTableMeta old = oldTable.metadata();
    FgramVocabulary.Meta oldMeta = oldVocab.meta();
    require("tokenizer", target.tokenizer(), old.tokenizer(), oldTable);
    require("vocab_size", target.vocabSize(), old.vocabSize(), oldTable);
    require("rows (V + |F| of the previous vocabulary)", oldMeta.vocabSize() + oldVocab.size(), old.rows(), oldTable);
    require("dim", target.dim(), old.dim(), oldTable);
    require("model_version", target.modelVersion(), old.modelVersion(), oldTable);
    if (old.dtype() != target.dtype()) {
      throw new IllegalArgumentException(oldTable.file() + ": dtype does not match (expected "
          + target.dtype().label() + ", found " + old.dtype().label() + "); copying " + old.dtype().label()
          + " rows into a " + target.dtype().label() + " table would round twice: refresh into the same dtype"
          + " or run a full precompute");
    }
    NgramPacker packer = new NgramPacker(target.vocabSize(), Math.max(target.maxN(), oldMeta.maxN()));
    return new PreviousTable(oldTable, oldVocab, packer, chunkRows);
  }

  private static void require(String what, Object expected, Object found, EmbeddingTable table) {
    if (!expected.equals(found)) {
      throw new IllegalArgumentException(table.file() + ": " + what + " does not match (expected " + expected
          + ", found " + found + "); a refresh copies rows only from a table of the same model and tokenizer");
    }
  }

  long version() {
    return table.metadata().version();
  }

  /** The previous table's row for the f-gram {@code tokens}, or -1 when it had none. */
  int rowOf(int[] tokens) {
    if (tokens.length > packer.maxN()) return -1;
    return rowOf.get(packer.lo(tokens, 0, tokens.length), packer.hi(tokens, 0, tokens.length));
  }

  /**
   * Copies rows {@code rows[0..count)} of the previous table to {@code dst} at row slots {@code
   * slots[0..count)} (slot s starts at {@code s * d}).
   */
  void copy(int[] rows, int[] slots, int count, float[] dst) {
    staging.clear();
    table.gather(rows, count, staging);
    FloatBuffer floats = staging.asFloatBuffer();
    for (int j = 0; j < count; j++) floats.get(j * dim, dst, slots[j] * dim, dim);
  }
}
