package dev.scone.jobs.rescore;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Kafka records to {@link RawRecord}s: origin {@code TOPIC/PARTITION@OFFSET}, key as UTF-8 text. */
final class KafkaRecords implements KafkaRecordDeserializationSchema<RawRecord> {
  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    out.collect(new RawRecord(record.topic() + "/" + record.partition() + "@" + record.offset(), key, record.value()));
  }

  @Override
  public TypeInformation<RawRecord> getProducedType() {
    return TypeInformation.of(RawRecord.class);
  }
}
