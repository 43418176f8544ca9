package dev.scone.training.fgrams;

/**
 * What one run of the batch f-gram pipeline did and measured.
 *
 * @param trainTokens tokens of the training split the counts came from
 * @param distinctNgrams distinct n-grams the counter held (after pruning, if pruned)
 * @param countBytes bytes of the counting tables
 * @param fgrams f-grams selected
 * @param fgramsByLength f-grams selected per length, index = n (0 and 1 unused)
 * @param vocabulary the published vocabulary file
 * @param validationTokens tokens of the validation split matched
 * @param matchedFraction fraction of validation positions whose input is an f-gram row
 * @param matchedByLength validation positions matched per f-gram length, index = n
 * @param tokenizeSeconds wall time to tokenize both splits, or to load them from the token-file cache
 * @param countSeconds wall time of counting
 */
public record FgramPipelineReport(
    long trainTokens,
    long distinctNgrams,
    long countBytes,
    int fgrams,
    int[] fgramsByLength,
    VocabularyStore.Published vocabulary,
    long validationTokens,
    double matchedFraction,
    long[] matchedByLength,
    double tokenizeSeconds,
    double countSeconds) {}
