package dev.scone.counting;

import dev.scone.fgram.ngram.NgramCountTable;
import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.NgramSlots;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Step "ngrams-per-document": enumerates the n-grams of length {@code 2..maxN} inside one document
 * and pre-aggregates them there, emitting each distinct n-gram once with its count in the
 * document. This is the count-before-the-shuffle stage: the network and keyed state see distinct
 * n-grams per document, not every occurrence. No state crosses records, so nothing is lost or
 * doubled on a restore.
 *
 * <p>Cost: {@code O(maxN)} per token into a fresh table per document, presized for {@code (maxN-1)
 * * tokens} entries up to {@link #PRESIZE_LIMIT} (it grows beyond that on its own); documents are
 * at most {@link CountJobConfig#maxDocumentChars} long, which bounds the table.
 */
public final class DocumentNgramCounts extends RichFlatMapFunction<int[], NgramCount> {
  /** Most entries a table is presized for: 64 Ki entries, 3 MiB of arrays. */
  static final int PRESIZE_LIMIT = 1 << 16;

  private final int vocabSize;
  private final int maxN;
  private transient NgramPacker packer;
  private transient NgramSlots slots;

  public DocumentNgramCounts(int vocabSize, int maxN) {
    this.vocabSize = vocabSize;
    this.maxN = maxN;
  }

  @Override
  public void open(OpenContext context) {
    packer = new NgramPacker(vocabSize, maxN);
    slots = new NgramSlots(packer);
  }

  @Override
  public void flatMap(int[] tokens, Collector<NgramCount> out) {
    if (tokens.length < 2) return;
    NgramCountTable table = new NgramCountTable(Math.min(PRESIZE_LIMIT, (maxN - 1) * tokens.length));
    for (int i = 0; i + 2 <= tokens.length; i++) {
      // Pack the longest n-gram starting at i once; each shorter one is a prefix of it.
      int longest = Math.min(maxN, tokens.length - i);
      long lo = packer.lo(tokens, i, longest);
      long hi = packer.hi(tokens, i, longest);
      for (int n = 2; n <= longest; n++) table.add(slots.prefixLo(lo, n), slots.prefixHi(hi, n), 1);
    }
    table.forEach((lo, hi, count) -> out.collect(new NgramCount(lo, hi, count)));
  }
}
