package dev.scone.chaos;

import dev.scone.kafka.KafkaClientProps;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The producer the drills send raw request bytes with: every write acknowledged by all replicas. */
final class RequestProducer {

  private RequestProducer() {}

  static KafkaProducer<byte[], byte[]> open(String bootstrap) {
    Properties p = KafkaClientProps.producer(bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
