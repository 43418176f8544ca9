package dev.scone.counting;

import dev.scone.fgram.ngram.NgramPacker;
import org.apache.flink.api.common.functions.RichMapPartitionFunction;
import org.apache.flink.util.Collector;

/**
 * Step "subtask-top-candidates": over all of one subtask's final counts (a full-window partition,
 * so it runs once at end of input), keeps the top S with count {@code >= minCount} by {@link
 * TopCandidates} and emits them. S objects per subtask, not the subtask's whole key range, cross
 * to the global merge.
 */
public final class SubtaskTopCandidates extends RichMapPartitionFunction<NgramCount, NgramCount> {
  private final int vocabSize;
  private final int maxN;
  private final int fgrams;
  private final long minCount;

  public SubtaskTopCandidates(int vocabSize, int maxN, int fgrams, long minCount) {
    this.vocabSize = vocabSize;
    this.maxN = maxN;
    this.fgrams = fgrams;
    this.minCount = minCount;
  }

  @Override
  public void mapPartition(Iterable<NgramCount> counts, Collector<NgramCount> out) {
    TopCandidates top = new TopCandidates(fgrams, minCount, new NgramPacker(vocabSize, maxN));
    for (NgramCount c : counts) top.offer(c);
    for (NgramCount c : top.kept()) out.collect(c);
  }
}
