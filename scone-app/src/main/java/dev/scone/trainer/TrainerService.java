package dev.scone.trainer;

import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.jobs.count.VocabAnnouncement;
import dev.scone.kafka.KafkaClientProps;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.training.corpus.TextDirectory;
import dev.scone.training.refresh.GatedPublisher;
import dev.scone.training.refresh.HeldOutText;
import dev.scone.training.refresh.QualityGate;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code scone trainer}: follows {@code scone.vocab}, refreshes the current bundle's table for
 * each new vocabulary (and warm-start retrains when the {@link RetrainPolicy} says so), and
 * announces on {@code scone.tables} only what passed the quality gate. Each announcement and the
 * consumed offset are committed in one Kafka transaction (read_committed consumer, transactional
 * producer), so a version is announced once or, after a crash before the commit, acted on again;
 * a bundle already published for that version is then announced instead of built twice. The
 * {@link TrainerState} file makes versions already handled (published or rejected) skipped.
 * Bad announcements are logged with the reason, counted, and moved past.
 *
 * <p>{@link #run()} blocks on the calling thread until {@link #stop()} (from any thread).
 */
public final class TrainerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);
  private static final int PUBLISHED = 4, REJECTED = 5; // after VersionWork.Outcome's ordinals

  private final TrainerConfig config;
  private final BundleStore store;
  private final VocabularyCheck check;
  private final VersionWork work;
  private final AtomicLongArray counts = new AtomicLongArray(6);
  private final KafkaConsumer<String, String> consumer;
  private final KafkaProducer<String, String> producer;
  private volatile boolean running = true;
  private TrainerState state;

  private TrainerService(TrainerConfig config, HeldOutText heldOut) throws IOException {
    this.config = config;
    this.store = BundleStore.at(config.store());
    this.check = new VocabularyCheck(config.store());
    GatedPublisher publisher = new GatedPublisher(store, config.store().resolve(TrainerState.DIR).resolve("scratch"),
        new QualityGate(config.minRelativeGain()), heldOut, config.scoreBatch());
    this.work = new VersionWork(config, store, publisher, RetrainPolicy.of(config));
    this.state = TrainerState.load(config.store());
    this.consumer = new KafkaConsumer<>(consumerProps(config), new StringDeserializer(), new StringDeserializer());
    this.producer = new KafkaProducer<>(producerProps(config), new StringSerializer(), new StringSerializer());
  }

  /** A service for {@code config}; reads the held-out text now (it must exist). */
  public static TrainerService create(TrainerConfig config) throws IOException {
    HeldOutText heldOut = new HeldOutText(TextDirectory.load("held-out", config.heldOut()).documents());
    return new TrainerService(config, heldOut);
  }

  private static Properties consumerProps(TrainerConfig c) {
    Properties p = KafkaClientProps.consumer(c.bootstrap(), c.groupId());
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1); // one version's work between polls
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, c.maxPollInterval().toMillis()));
    return p;
  }

  private static Properties producerProps(TrainerConfig c) {
    Properties p = KafkaClientProps.transactionalProducer(c.bootstrap(), c.transactionalId());
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000); // a transaction only sends, all work is before it
    return p;
  }

  public TrainerStats stats() {
    return new TrainerStats(count(VersionWork.Outcome.HANDLED), counts.get(PUBLISHED), counts.get(REJECTED),
        count(VersionWork.Outcome.BAD), count(VersionWork.Outcome.SKIPPED), count(VersionWork.Outcome.FAILED));
  }

  private long count(VersionWork.Outcome o) {
    return counts.get(o.ordinal());
  }

  private void record(VersionWork.Result result) {
    counts.incrementAndGet(result.outcome().ordinal());
    counts.addAndGet(PUBLISHED, result.announce().size());
    counts.addAndGet(REJECTED, result.rejected());
  }

  /** Follows the vocabulary topic until {@link #stop()}. */
  public void run() {
    producer.initTransactions();
    consumer.subscribe(List.of(config.vocabTopic()));
    LOG.info("trainer following {} (group {}), store {}, announcing on {}", config.vocabTopic(), config.groupId(),
        config.store(), config.tablesTopic());
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, String> r : records) handle(r);
        if (records.isEmpty()) retrainOnSchedule();
      }
    } catch (WakeupException e) {
      if (running) throw e;
    }
  }

  /** Makes {@link #run()} return after the record in hand (thread-safe). */
  public void stop() {
    running = false;
    consumer.wakeup();
  }

  private void handle(ConsumerRecord<String, String> r) {
    VersionWork.Result result = act(r);
    commit(result.announce(), Map.of(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
    if (result.newState() != null) saveState(result.newState());
    record(result); // after the commit: counters say what is announced
  }

  private VersionWork.Result act(ConsumerRecord<String, String> r) {
    VocabAnnouncement a;
    try {
      a = VocabAnnouncementParser.parse(r.key(), r.value());
    } catch (BadAnnouncement e) {
      return bad(r, e);
    }
    if (a.version <= state.lastVocabVersion()) {
      LOG.info("vocabulary {} already handled (last {}); skipped", a.version, state.lastVocabVersion());
      return VersionWork.Result.of(VersionWork.Outcome.SKIPPED);
    }
    try {
      VocabularyFile.Contents vocab = check.verify(a);
      Optional<BundleRef> published = work.publishedFor(a.version);
      if (published.isPresent()) {
        LOG.info("vocabulary {} already has bundle {} (published before a restart); announcing it", a.version,
            published.get().version());
        return new VersionWork.Result(VersionWork.Outcome.HANDLED, List.of(published.get()), 0,
            state.handled(a.version, false, Instant.now()));
      }
      return work.act(vocab, state);
    } catch (BadAnnouncement e) {
      return bad(r, e);
    } catch (IOException | RuntimeException e) {
      LOG.error("vocabulary {}: work failed, moving past it: {}", a.version, e.toString(), e);
      return VersionWork.Result.of(VersionWork.Outcome.FAILED);
    }
  }

  private VersionWork.Result bad(ConsumerRecord<String, String> r, Exception e) {
    LOG.warn("bad scone.vocab announcement at {}-{}@{} (key {}), skipped: {}", r.topic(), r.partition(), r.offset(),
        r.key(), e.getMessage());
    return VersionWork.Result.of(VersionWork.Outcome.BAD);
  }

  private void retrainOnSchedule() {
    if (config.retrainInterval() == null || !config.retrains() || state.lastVocabVersion() == 0) return;
    if (Instant.now().isBefore(state.lastRetrain().plus(config.retrainInterval()))) return;
    try {
      VersionWork.Result result = work.scheduledRetrain(state);
      commit(result.announce(), Map.of());
      saveState(result.newState());
      record(result);
    } catch (IOException | RuntimeException e) {
      LOG.error("scheduled retrain failed: {}", e.toString(), e);
      saveState(state.handled(state.lastVocabVersion(), true, Instant.now())); // try again after the next interval
      counts.incrementAndGet(VersionWork.Outcome.FAILED.ordinal());
    }
  }

  /** Announces {@code refs} and commits {@code offsets} in one transaction. */
  private void commit(List<BundleRef> refs, Map<TopicPartition, OffsetAndMetadata> offsets) {
    producer.beginTransaction();
    try {
      for (BundleRef ref : refs) {
        producer.send(new ProducerRecord<>(config.tablesTopic(), Long.toString(ref.version()), ref.toJson()));
      }
      if (!offsets.isEmpty()) producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
    } catch (KafkaException e) {
      // Fenced or failed: nothing of this transaction is visible. Stop; a restart acts on the record
      // again and announces a bundle already published for it instead of building another.
      abortQuietly(e);
      throw e;
    }
    for (BundleRef ref : refs) LOG.info("announced bundle {} on {}", ref.version(), config.tablesTopic());
  }

  private void abortQuietly(KafkaException cause) {
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      cause.addSuppressed(e);
    }
  }

  private void saveState(TrainerState next) {
    try {
      next.save(config.store());
      state = next;
    } catch (IOException e) {
      throw new IllegalStateException("cannot save the trainer state to " + TrainerState.file(config.store()), e);
    }
  }

  @Override
  public void close() {
    try {
      consumer.close();
    } finally {
      producer.close();
    }
  }
}
