package dev.scone.jobs.count;

/**
 * What the job published: the store version, the file path, its SHA-256 and |F|. A Flink POJO on
 * the job's last stream, and serializable, so it also travels back in the {@value
 * SelectAndPublish#PUBLISHED} accumulator.
 */
public class PublishedVocabulary implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public long version;
  public String path;
  public String sha256;
  public int fgrams;
  public int maxN;
  /**
   * How far below its true count any published count may be: 0 for exact counting; the stated
   * Space-Saving bound {@code max_s floor(N_s / m)} in {@link CountingMode#BOUNDED}.
   */
  public long countErrorBound;

  public PublishedVocabulary() {}

  public PublishedVocabulary(long version, String path, String sha256, int fgrams, int maxN) {
    this.version = version;
    this.path = path;
    this.sha256 = sha256;
    this.fgrams = fgrams;
    this.maxN = maxN;
  }

  @Override
  public String toString() {
    return "PublishedVocabulary[version=" + version + ", path=" + path + ", sha256=" + sha256
        + ", fgrams=" + fgrams + ", maxN=" + maxN + ", countErrorBound=" + countErrorBound + "]";
  }
}
