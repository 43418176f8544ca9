package dev.scone.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.kafka.KafkaClientProps;
import dev.scone.progress.Progress;
import dev.scone.training.corpus.SotuAddress;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Streams SOTU addresses into {@code scone.corpus} in the order given (year order), as {@code
 * {"id", "text"}} records keyed by id, at most {@code docsPerSecond}, showing progress on stderr. Each
 * {@link #send} returns once every record is acknowledged (acks=all). Not thread-safe.
 */
final class CorpusFeed implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaProducer<String, String> producer;
  private final String topic;
  private final double docsPerSecond;
  private final boolean showProgress;
  private long documents;
  private long words;

  CorpusFeed(String bootstrap, String topic, double docsPerSecond, boolean showProgress) {
    Properties p = KafkaClientProps.producer(bootstrap);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20); // the longest addresses are ~200 KB
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    this.topic = topic;
    this.docsPerSecond = docsPerSecond;
    this.showProgress = showProgress;
  }

  /** Sends {@code addresses}; the progress is labelled {@code label}. */
  void send(String label, List<SotuAddress> addresses) throws InterruptedException {
    long pauseNanos = (long) (1e9 / docsPerSecond);
    try (Progress progress = showProgress ? Progress.start(label, addresses.size(), "addresses") : Progress.none()) {
      for (SotuAddress a : addresses) {
        long next = System.nanoTime() + pauseNanos;
        String value = JSON.createObjectNode().put("id", a.document().id()).put("text", a.document().text()).toString();
        producer.send(new ProducerRecord<>(topic, a.document().id(), value)).get();
        documents++;
        words += a.document().wordCount();
        progress.step();
        progress.note("year " + a.year());
        long wait = next - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot send to " + topic + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  long documents() {
    return documents;
  }

  long words() {
    return words;
  }

  @Override
  public void close() {
    producer.close();
  }
}
