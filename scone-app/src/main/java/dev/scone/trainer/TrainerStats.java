package dev.scone.trainer;

/**
 * Counters of a running {@link TrainerService}, a snapshot.
 *
 * @param handled vocabulary versions acted on (refreshed, and retrained where due)
 * @param published bundles published and announced
 * @param rejected candidates the quality gate kept out of the store
 * @param bad announcements refused (unparseable, wrong checksum, outside the store, not fitting the bundle)
 * @param skipped announcements of versions already handled, or older than the current bundle's vocabulary
 * @param failed announcements whose work failed for another reason (I/O, training); logged, moved past
 */
public record TrainerStats(long handled, long published, long rejected, long bad, long skipped, long failed) {}
