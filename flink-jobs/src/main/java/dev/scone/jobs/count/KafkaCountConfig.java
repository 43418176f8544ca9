package dev.scone.jobs.count;

/**
 * Kafka knobs of {@link KafkaFgramCountJob}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param corpusTopic where documents come from ({@code scone.corpus})
 * @param vocabTopic where new versions are announced ({@code scone.vocab})
 * @param groupId consumer group of the source
 * @param checkpointIntervalMs checkpoint interval (ms)
 */
public record KafkaCountConfig(
    String bootstrapServers, String corpusTopic, String vocabTopic, String groupId, long checkpointIntervalMs) {

  public static final String CORPUS_TOPIC = "scone.corpus";
  public static final String VOCAB_TOPIC = "scone.vocab";

  public KafkaCountConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) throw new IllegalArgumentException("bootstrap servers are required");
    if (checkpointIntervalMs < 1) throw new IllegalArgumentException("checkpoint interval must be >= 1 ms, got " + checkpointIntervalMs);
  }

  /** The architecture's topics, group {@code scone-fgram-count}, checkpoints every 30 s. */
  public static KafkaCountConfig defaults(String bootstrapServers) {
    return new KafkaCountConfig(bootstrapServers, CORPUS_TOPIC, VOCAB_TOPIC, "scone-fgram-count", 30_000);
  }
}
