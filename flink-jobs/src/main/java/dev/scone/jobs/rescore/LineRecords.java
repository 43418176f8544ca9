package dev.scone.jobs.rescore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Output lines to Kafka records of {@code topic}: key = the line's {@code id}, value = the line. */
final class LineRecords implements KafkaRecordSerializationSchema<String> {
  private static final JsonFactory JSON = new JsonFactory();
  private final String topic;

  LineRecords(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(String line, KafkaSinkContext context, Long timestamp) {
    byte[] value = line.getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topic, null, timestamp, idOf(value).getBytes(StandardCharsets.UTF_8), value);
  }

  /** The "id" field, the first of every {@link ScoreLine}: read without parsing the rest. */
  static String idOf(byte[] line) {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME && "id".equals(p.currentName())) {
        p.nextToken();
        return p.getText();
      }
      throw new IllegalArgumentException("an output line must start with its \"id\" field, found " + new String(line, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the id of an output line", e);
    }
  }
}
