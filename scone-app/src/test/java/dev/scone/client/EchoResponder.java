package dev.scone.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A stand-in server for client tests: a plain consumer/producer loop on its own thread that
 * answers every request on {@code scone.requests} (from its end when started) with
 * {@code {"id","op","echo","schema_version"}} on the {@code reply_to} topic or {@code
 * scone.responses}, copying {@code correlation_id}. Before each real answer it writes a decoy
 * (another id, and the same id with a wrong correlation id) so a client that takes the first
 * record fails. Requests whose text is {@link #IGNORE} get no answer. Records every request seen.
 */
final class EchoResponder implements AutoCloseable {
  static final String IGNORE = "ignore-me";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the responder received it. */
  record Seen(String key, JsonNode value, String replyTo, String correlationId) {}

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private final String bootstrap;

  EchoResponder(String bootstrap) throws InterruptedException {
    this.bootstrap = bootstrap;
    java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
    thread = new Thread(() -> loop(ready), "echo-responder");
    thread.setDaemon(true);
    thread.start();
    ready.await();
  }

  private void loop(java.util.concurrent.CountDownLatch ready) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(RequestClient.REQUESTS_TOPIC).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      parts.forEach(consumer::position);
      ready.countDown();
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) answer(producer, r);
        producer.flush();
      }
    } catch (Exception e) {
      ready.countDown();
      throw new IllegalStateException(e);
    }
  }

  private void answer(KafkaProducer<String, byte[]> producer, ConsumerRecord<String, byte[]> r) throws Exception {
    JsonNode request = JSON.readTree(r.value());
    String replyTo = header(r, RequestClient.REPLY_TO);
    String correlation = header(r, RequestClient.CORRELATION_ID);
    seen.add(new Seen(r.key(), request, replyTo, correlation));
    String text = request.path("text").asText(request.path("prompt").asText());
    if (IGNORE.equals(text)) return;
    String topic = replyTo != null ? replyTo : RequestClient.RESPONSES_TOPIC;
    send(producer, topic, "other-" + r.key(), "decoy", correlation);
    send(producer, topic, r.key(), "wrong correlation", "not-" + correlation);
    send(producer, topic, r.key(), text, correlation);
  }

  private static void send(KafkaProducer<String, byte[]> producer, String topic, String id, String echo, String correlation) {
    ObjectNode answer = JSON.createObjectNode().put("id", id).put("echo", echo).put("schema_version", 1);
    ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, id, answer.toString().getBytes(StandardCharsets.UTF_8));
    if (correlation != null) out.headers().add(RequestClient.CORRELATION_ID, correlation.getBytes(StandardCharsets.UTF_8));
    producer.send(out);
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(10_000);
  }
}
