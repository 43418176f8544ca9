package dev.scone.fgram.ngram;

/**
 * Walks the n-grams of length {@code 2..maxN} inside one document and hands each occurrence,
 * packed, to a {@link PackedNgramConsumer} with count 1. The exact counter and the streaming job's
 * per-document pre-aggregation both enumerate n-grams here, so they count the same n-grams. An
 * n-gram never spans two calls: each call sees one document.
 *
 * <p>Cost: {@code O(maxN)} per token; no allocation and no boxing. Token ids are not checked: a
 * caller taking ids that may be outside {@code [0, vocabSize)} checks them first. Immutable and
 * thread-safe.
 */
public final class DocumentNgrams {
  private final NgramPacker packer;
  private final NgramSlots slots;

  /** Walks n-grams of length {@code 2..packer.maxN()}, packed by {@code packer}. */
  public DocumentNgrams(NgramPacker packer) {
    this.packer = packer;
    this.slots = new NgramSlots(packer);
  }

  public NgramPacker packer() {
    return packer;
  }

  /**
   * Calls {@code consumer} once per n-gram occurrence inside {@code tokens[from .. to)}, with count
   * 1, ordered by start position and then by length.
   *
   * @return the number of calls made: the n-gram occurrences of the document
   */
  public long forEach(int[] tokens, int from, int to, PackedNgramConsumer consumer) {
    int maxN = packer.maxN();
    long occurrences = 0;
    for (int i = from; i + 2 <= to; i++) {
      // Pack the longest n-gram starting at i once; each shorter one is a prefix of it.
      int longest = Math.min(maxN, to - i);
      long lo = packer.lo(tokens, i, longest);
      long hi = packer.hi(tokens, i, longest);
      for (int n = 2; n <= longest; n++) consumer.accept(slots.prefixLo(lo, n), slots.prefixHi(hi, n), 1);
      occurrences += longest - 1;
    }
    return occurrences;
  }
}
