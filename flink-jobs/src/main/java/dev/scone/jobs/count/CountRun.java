package dev.scone.jobs.count;

/**
 * The outcome of one bounded run of {@link FgramCountJob}.
 *
 * @param published what was published
 * @param badRecords records skipped as bad (invalid UTF-8, empty, broken JSON envelope)
 * @param splitPieces pieces added by splitting oversized documents
 */
public record CountRun(PublishedVocabulary published, long badRecords, long splitPieces) {}
