package dev.scone.jobs.serve;

import dev.scone.jobs.serve.protocol.Outbound;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes an {@link Outbound} as a Kafka record on its own topic: answers carry the request's
 * {@code correlation_id} header; dead letters carry {@code error.code} and {@code error.message}
 * (UTF-8) besides.
 */
final class OutboundRecords implements KafkaRecordSerializationSchema<Outbound> {
  private static final long serialVersionUID = 1L;
  static final String ERROR_CODE = "error.code";
  static final String ERROR_MESSAGE = "error.message";

  @Override
  public ProducerRecord<byte[], byte[]> serialize(Outbound o, KafkaSinkContext context, Long timestamp) {
    RecordHeaders headers = new RecordHeaders();
    if (o.correlationId() != null) headers.add(RequestRecords.CORRELATION_ID, o.correlationId());
    if (o.isDeadLetter()) {
      headers.add(ERROR_CODE, o.errorCode().getBytes(StandardCharsets.UTF_8));
      headers.add(ERROR_MESSAGE, o.errorMessage().getBytes(StandardCharsets.UTF_8));
    }
    return new ProducerRecord<>(o.topic(), null, null, o.key(), o.value(), headers);
  }
}
