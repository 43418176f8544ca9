package dev.scone.jobs.count;

/**
 * The {@code scone.vocab} message announcing a published vocabulary (docs/ARCHITECTURE.md, "Kafka
 * topics"): {@code {"schema_version": 1, "version", "uri", "sha256", "fgrams", "max_n",
 * "created_at"}}, keyed by the version. A Flink POJO; {@link VocabAnnouncementJson} writes the JSON.
 */
public class VocabAnnouncement {
  public long version;
  /** {@code file:} URI of vocab.arrow. */
  public String uri;
  public String sha256;
  public int fgrams;
  public int maxN;
  /** ISO-8601 instant, UTC. */
  public String createdAt;

  public VocabAnnouncement() {}

  public VocabAnnouncement(long version, String uri, String sha256, int fgrams, int maxN, String createdAt) {
    this.version = version;
    this.uri = uri;
    this.sha256 = sha256;
    this.fgrams = fgrams;
    this.maxN = maxN;
    this.createdAt = createdAt;
  }
}
