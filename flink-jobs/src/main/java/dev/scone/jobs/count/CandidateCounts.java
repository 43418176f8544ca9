package dev.scone.jobs.count;

import dev.scone.fgram.counting.NgramCountSource;
import dev.scone.fgram.ngram.NgramCountTable;
import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.PackedNgramConsumer;

/**
 * The candidates of every subtask gathered in one place, as an {@link NgramCountSource} for {@link
 * dev.scone.fgram.vocab.FgramSelector}. A candidate offered twice has its counts added (it does not
 * happen when each key is counted by one subtask). Not thread-safe.
 */
public final class CandidateCounts implements NgramCountSource {
  private final NgramPacker packer;
  private final NgramCountTable table = new NgramCountTable(1024);

  public CandidateCounts(int vocabSize, int maxN) {
    this.packer = new NgramPacker(vocabSize, maxN);
  }

  public void add(NgramCount candidate) {
    table.add(candidate.lo, candidate.hi, candidate.count);
  }

  /** Adds every candidate of {@code batch}. */
  public void addAll(CandidateBatch batch) {
    for (int i = 0; i < batch.size(); i++) table.add(batch.lo[i], batch.hi[i], batch.count[i]);
  }

  /** Number of distinct candidates. */
  public int size() {
    return table.size();
  }

  @Override
  public NgramPacker packer() {
    return packer;
  }

  @Override
  public void forEach(PackedNgramConsumer consumer) {
    table.forEach(consumer);
  }
}
