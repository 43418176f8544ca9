package dev.scone.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.kafka.KafkaClientProps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Request/reply over Kafka for people and scripts: sends requests to {@code scone.requests}
 * (key = id, headers {@code correlation_id} = a fresh UUID per request and, when the client has
 * one, {@code reply_to}), then waits for the answers with those ids on its reply topic, or on
 * {@code scone.responses} when it has none, read with {@code isolation.level=read_committed} so
 * an aborted transaction's answer is never taken.
 *
 * <p>The reply consumer is positioned at the end of every partition when the client opens, so
 * only answers written after that count. An answer is the first record whose key (or, without
 * a key, JSON {@code id}) is a waiting id and whose {@code correlation_id} header, when present,
 * is the one sent; other records on the topic (other clients' answers) are skipped.
 *
 * <p>Not thread-safe (one consumer): one client per thread. Close it to release its connections.
 */
public final class RequestClient implements AutoCloseable {
  public static final String REQUESTS_TOPIC = "scone.requests";
  public static final String RESPONSES_TOPIC = "scone.responses";
  public static final String REPLY_TO = "reply_to";
  public static final String CORRELATION_ID = "correlation_id";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long opening waits for the reply topic's partitions before it says that no broker told them. */
  private static final Duration METADATA_WAIT = Duration.ofSeconds(10);

  private final String bootstrap;
  private final String requestsTopic;
  private final String listenTopic;
  private final String replyTo;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;

  private RequestClient(String bootstrap, String requestsTopic, String responsesTopic, String replyTo) {
    this.bootstrap = bootstrap;
    this.requestsTopic = requestsTopic;
    this.replyTo = replyTo;
    this.listenTopic = replyTo != null ? replyTo : responsesTopic;
    this.producer = new KafkaProducer<>(producerProps(bootstrap), new StringSerializer(), new ByteArraySerializer());
    this.consumer = new KafkaConsumer<>(KafkaClientProps.consumer(bootstrap), new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** A client of the architecture's topics that listens on {@code scone.responses}. */
  public static RequestClient open(String bootstrap) {
    return open(bootstrap, REQUESTS_TOPIC, RESPONSES_TOPIC, null);
  }

  /**
   * A client sending to {@code requestsTopic} and listening on {@code replyTo} (sent as the
   * {@code reply_to} header) or, when it is null, on {@code responsesTopic}.
   *
   * @throws IllegalStateException naming the topic when the reply topic does not exist
   */
  public static RequestClient open(String bootstrap, String requestsTopic, String responsesTopic, String replyTo) {
    RequestClient client = new RequestClient(bootstrap, requestsTopic, responsesTopic, replyTo);
    try {
      client.listenFromTheEnd();
      return client;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private void listenFromTheEnd() {
    List<PartitionInfo> infos;
    try {
      infos = consumer.partitionsFor(listenTopic, METADATA_WAIT);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException("no Kafka broker at " + bootstrap + " told the partitions of " + listenTopic
          + " within " + METADATA_WAIT.toSeconds() + " s; is one running there (`./scone broker start`)?", e);
    }
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("reply topic " + listenTopic + " does not exist at " + bootstrap
          + "; create it (or let the server's broker auto-create it) before sending requests");
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo p : infos) partitions.add(new TopicPartition(listenTopic, p.partition()));
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    for (TopicPartition tp : partitions) consumer.position(tp); // seekToEnd is lazy: resolve it before sending
  }

  /** The topic answers are read from. */
  public String listenTopic() {
    return listenTopic;
  }

  /** Sends {@code request} and waits up to {@code timeout} for its answer. */
  public Reply request(Request request, Duration timeout) throws RequestTimeoutException {
    return requestAll(List.of(request), timeout).get(0);
  }

  /**
   * Sends all requests, then waits up to {@code timeout} (for all together) for their answers.
   *
   * @return the answers in request order
   * @throws IllegalArgumentException when two requests share an id
   * @throws RequestTimeoutException naming the topic and the ids still without an answer
   */
  public List<Reply> requestAll(List<Request> requests, Duration timeout) throws RequestTimeoutException {
    Map<String, String> correlation = new LinkedHashMap<>(); // id -> correlation id sent
    for (Request r : requests) {
      if (correlation.put(r.id(), UUID.randomUUID().toString()) != null) {
        throw new IllegalArgumentException("two requests have the id " + r.id() + "; ids must be unique");
      }
    }
    send(requests, correlation);
    Map<String, Reply> replies = collect(correlation, System.nanoTime() + timeout.toNanos());
    if (replies.size() < requests.size()) {
      List<String> missing = correlation.keySet().stream().filter(id -> !replies.containsKey(id)).toList();
      throw new RequestTimeoutException(String.format("no answer on topic %s within %.1f s for %d of %d requests (ids %s),"
          + " sent to %s at %s; is an inference job running?", listenTopic, timeout.toMillis() / 1e3, missing.size(),
          requests.size(), missing.size() <= 5 ? missing : missing.subList(0, 5) + "...", requestsTopic, bootstrap), missing);
    }
    List<Reply> ordered = new ArrayList<>();
    for (Request r : requests) ordered.add(replies.get(r.id()));
    return ordered;
  }

  private void send(List<Request> requests, Map<String, String> correlation) {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (Request r : requests) {
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(requestsTopic, r.id(), r.toJson().getBytes(StandardCharsets.UTF_8));
      record.headers().add(CORRELATION_ID, correlation.get(r.id()).getBytes(StandardCharsets.UTF_8));
      if (replyTo != null) record.headers().add(REPLY_TO, replyTo.getBytes(StandardCharsets.UTF_8));
      acks.add(producer.send(record));
    }
    producer.flush();
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("cannot send a request to " + requestsTopic + " at " + bootstrap + ": "
            + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while sending requests to " + requestsTopic, e);
      }
    }
  }

  private Map<String, Reply> collect(Map<String, String> correlation, long deadline) {
    Map<String, Reply> replies = new LinkedHashMap<>();
    while (replies.size() < correlation.size() && System.nanoTime() - deadline < 0) {
      long leftMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(Math.min(100, leftMs)))) {
        String json = new String(record.value() == null ? new byte[0] : record.value(), StandardCharsets.UTF_8);
        String id = record.key() != null ? record.key() : jsonId(json);
        String sent = id == null ? null : correlation.get(id);
        String received = header(record, CORRELATION_ID);
        if (sent == null || replies.containsKey(id) || (received != null && !received.equals(sent))) continue;
        replies.put(id, new Reply(id, json, received, record.topic()));
      }
    }
    return replies;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static String jsonId(String json) {
    try {
      JsonNode id = JSON.readTree(json).get("id");
      return id == null ? null : id.asText();
    } catch (IOException | RuntimeException e) {
      return null; // not an answer of ours
    }
  }

  private static Properties producerProps(String bootstrap) {
    Properties p = KafkaClientProps.idempotentProducer(bootstrap);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000"); // a missing broker fails in 10 s, not 60
    return p;
  }

  @Override
  public void close() {
    try {
      producer.close(Duration.ofSeconds(5));
    } finally {
      consumer.close();
    }
  }
}
