package dev.scone.jobs.count;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The exactly-once announcement sink for {@code scone.vocab}: Flink's transactional {@link
 * KafkaSink}, key the version, value {@link VocabAnnouncementJson}. An announcement becomes visible
 * to {@code read_committed} readers when the checkpoint that holds its version commits, and
 * disappears with an aborted transaction when the job fails before that.
 */
public final class VocabAnnouncements {
  /**
   * Producer {@code transaction.timeout.ms}: 15 min, the broker's default maximum ({@code
   * transaction.max.timeout.ms}); the connector's own default of 1 h fails the job at start.
   */
  public static final String TRANSACTION_TIMEOUT_MS = "900000";

  private VocabAnnouncements() {}

  /**
   * @param transactionalIdPrefix unique per job writing to this cluster (two jobs with one prefix
   *     fence each other)
   */
  public static KafkaSink<VocabAnnouncement> exactlyOnce(String bootstrapServers, String topic, String transactionalIdPrefix) {
    return KafkaSink.<VocabAnnouncement>builder()
        .setBootstrapServers(bootstrapServers)
        .setRecordSerializer(KafkaRecordSerializationSchema.<VocabAnnouncement>builder()
            .setTopic(topic)
            .setKeySerializationSchema(new VocabAnnouncementJson.Key())
            .setValueSerializationSchema(new VocabAnnouncementJson())
            .build())
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
        .build();
  }
}
