package dev.scone.training.fgrams;

import java.nio.file.Path;

/**
 * Knobs of the batch f-gram pipeline: which corpus, how n-grams are counted and how many f-grams
 * are kept.
 *
 * @param corpus catalog name of the corpus (e.g. {@code sotu})
 * @param maxN longest n-gram counted and matched (the paper: gains up to 4, flat after)
 * @param fgrams S, the number of f-grams kept (top S by count across all lengths)
 * @param minCount n-grams seen fewer times are never f-grams (the paper's 5)
 * @param prune count with the paper's prefix/suffix pruning instead of exact counting
 * @param store store directory the vocabulary is published to
 */
public record FgramPipelineConfig(
    String corpus, int maxN, int fgrams, long minCount, boolean prune, Path store) {

  public FgramPipelineConfig {
    if (maxN < 2) throw new IllegalArgumentException("maxN must be >= 2, got " + maxN);
    if (fgrams < 1) throw new IllegalArgumentException("fgrams must be >= 1, got " + fgrams);
    if (minCount < 1) throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
  }
}
