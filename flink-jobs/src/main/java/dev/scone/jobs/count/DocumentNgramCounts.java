package dev.scone.jobs.count;

import dev.scone.fgram.ngram.DocumentNgrams;
import dev.scone.fgram.ngram.NgramCountTable;
import dev.scone.fgram.ngram.NgramPacker;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Step "ngrams-per-document": enumerates the n-grams of length {@code 2..maxN} inside one document
 * ({@link DocumentNgrams}, as exact batch counting does), pre-aggregates them there, and emits
 * them as one {@link NgramBatch} per counting subtask that owns any of them ({@link
 * CountPartitioner#of}). This is the count-before-the-shuffle stage: the network sees at most
 * {@code partitions} records per document, each n-gram once per document. No state crosses
 * records, so nothing is lost or doubled on a restore.
 *
 * <p>Cost: {@code O(maxN)} per token into a fresh table per document, presized for {@code (maxN-1)
 * * tokens} entries up to {@link #PRESIZE_LIMIT} (it grows beyond that on its own); documents are
 * at most {@link CountJobConfig#maxDocumentChars} long, which bounds the table.
 */
public final class DocumentNgramCounts extends RichFlatMapFunction<int[], NgramBatch> {
  /** Most entries a table is presized for: 64 Ki entries, 3 MiB of arrays. */
  static final int PRESIZE_LIMIT = 1 << 16;

  private final int vocabSize;
  private final int maxN;
  private final int partitions;
  private transient DocumentNgrams ngrams;

  /** @param partitions the parallelism of the counting step the batches go to */
  public DocumentNgramCounts(int vocabSize, int maxN, int partitions) {
    if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    this.vocabSize = vocabSize;
    this.maxN = maxN;
    this.partitions = partitions;
  }

  @Override
  public void open(OpenContext context) {
    ngrams = new DocumentNgrams(new NgramPacker(vocabSize, maxN));
  }

  @Override
  public void flatMap(int[] tokens, Collector<NgramBatch> out) {
    if (tokens.length < 2) return;
    NgramCountTable table = new NgramCountTable(Math.min(PRESIZE_LIMIT, (maxN - 1) * tokens.length));
    ngrams.forEach(tokens, 0, tokens.length, table::add);
    emitByPartition(table, out);
  }

  private void emitByPartition(NgramCountTable table, Collector<NgramBatch> out) {
    // Two passes over the table in its (fixed) iteration order: the first finds each entry's
    // partition once and sizes the batches, the second fills them.
    int[] partitionOf = new int[table.size()];
    int[] sizes = new int[partitions];
    int[] next = {0};
    table.forEach((lo, hi, count) -> sizes[partitionOf[next[0]++] = CountPartitioner.of(lo, hi, partitions)]++);
    NgramBatch[] batches = new NgramBatch[partitions];
    for (int p = 0; p < partitions; p++) {
      batches[p] = new NgramBatch(p, new long[sizes[p]], new long[sizes[p]], new long[sizes[p]]);
    }
    int[] filled = new int[partitions];
    next[0] = 0;
    table.forEach((lo, hi, count) -> {
      int p = partitionOf[next[0]++];
      int i = filled[p]++;
      batches[p].lo[i] = lo;
      batches[p].hi[i] = hi;
      batches[p].count[i] = count;
    });
    for (NgramBatch b : batches) if (b.size() > 0) out.collect(b);
  }
}
