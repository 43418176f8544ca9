package dev.scone.model.bundle;

import dev.scone.fgram.table.EmbeddingDtype;

/** Embedding dtypes by their label ({@code float32}, {@code float16}, {@code int8}) in JSON. */
final class Dtypes {
  private Dtypes() {}

  /**
   * The dtype labelled {@code label}.
   *
   * @throws IllegalArgumentException naming the labels there are
   */
  static EmbeddingDtype fromLabel(String label) {
    for (EmbeddingDtype d : EmbeddingDtype.values()) {
      if (d.label().equals(label)) return d;
    }
    throw new IllegalArgumentException("unknown dtype (expected float32, float16 or int8, found '" + label + "')");
  }
}
