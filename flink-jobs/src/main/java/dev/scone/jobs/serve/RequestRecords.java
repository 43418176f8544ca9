package dev.scone.jobs.serve;

import dev.scone.jobs.serve.protocol.RawRequest;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a {@code scone.requests} record as a {@link RawRequest}: key, value and the {@code
 * reply_to} and {@code correlation_id} headers as bytes (the last of each, if repeated), stamped
 * with the wall clock. Never fails: judging the bytes is the parser's job.
 */
final class RequestRecords implements KafkaRecordDeserializationSchema<RawRequest> {
  private static final long serialVersionUID = 1L;
  static final String REPLY_TO = "reply_to";
  static final String CORRELATION_ID = "correlation_id";

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRequest> out) {
    long now = System.currentTimeMillis();
    // A producer's clock ahead of ours must not make a request look younger than it is read.
    long enqueued = record.timestamp() > 0 ? Math.min(record.timestamp(), now) : now;
    out.collect(new RawRequest(record.key(), record.value(), header(record, REPLY_TO), header(record, CORRELATION_ID),
        now, enqueued));
  }

  private static byte[] header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : h.value();
  }

  @Override
  public TypeInformation<RawRequest> getProducedType() {
    return TypeInformation.of(RawRequest.class);
  }
}
