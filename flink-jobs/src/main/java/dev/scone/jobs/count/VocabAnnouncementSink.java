package dev.scone.jobs.count;

import dev.scone.kafka.KafkaClientProps;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Announces published vocabularies on a Kafka topic ({@code scone.vocab}): key the version,
 * value {@link VocabAnnouncementJson}. At-least-once: the producer is flushed before every
 * checkpoint barrier and at end of input, and a failed send fails the job at the next write or
 * flush; after a restore an announcement may appear twice. The option for readers that tolerate
 * that or for sources without replay; {@link KafkaFgramCountJob} announces exactly once with
 * {@link VocabAnnouncements#exactlyOnce}.
 */
public final class VocabAnnouncementSink implements Sink<VocabAnnouncement> {
  private final String bootstrapServers;
  private final String topic;

  public VocabAnnouncementSink(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  @Override
  public SinkWriter<VocabAnnouncement> createWriter(WriterInitContext context) {
    return new Writer(new KafkaProducer<>(KafkaClientProps.idempotentProducer(bootstrapServers), new ByteArraySerializer(), new ByteArraySerializer()), topic);
  }

  private static final class Writer implements SinkWriter<VocabAnnouncement> {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final VocabAnnouncementJson json = new VocabAnnouncementJson();
    private final VocabAnnouncementJson.Key key = new VocabAnnouncementJson.Key();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    Writer(KafkaProducer<byte[], byte[]> producer, String topic) {
      this.producer = producer;
      this.topic = topic;
    }

    @Override
    public void write(VocabAnnouncement a, Context context) throws IOException {
      check();
      producer.send(new ProducerRecord<>(topic, key.serialize(a), json.serialize(a)), (metadata, e) -> {
        if (e != null) failure.compareAndSet(null, e);
      });
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      producer.flush();
      check();
    }

    private void check() throws IOException {
      Exception e = failure.get();
      if (e != null) throw new IOException("announcing on " + topic + " failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
      producer.close();
    }
  }
}
