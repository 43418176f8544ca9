package dev.scone.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.jobs.serve.ServeTopics;
import dev.scone.jobs.serve.ServeTopicsSetup;
import dev.scone.kafka.KafkaClientProps;
import dev.scone.kafka.TopicSetup;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Serving and counting in child JVMs under a stream of requests and documents, disrupted
 * {@code disruptions} times mid-stream (each time once about half of the current phase's requests
 * were answered), then left to finish. At the end every request must have exactly one committed
 * answer and the last committed vocabulary must equal the batch reference over all documents.
 *
 * <p>The disruption is pluggable: {@link #killJobs()} SIGKILLs both JVMs and starts them again
 * (they continue from their newest retained checkpoints); {@link BrokerRestart} restarts the
 * broker under running jobs.
 */
public final class CrashDrill {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PHASE_LIMIT = Duration.ofSeconds(120);

  /** What happens between two phases; returns the jobs that run on. */
  @FunctionalInterface
  public interface Disruption {
    LiveJobs apply(LiveJobs running, int phase, Restart restart) throws Exception;
  }

  /** Starts the jobs again, as a fresh pair of JVMs numbered {@code run}. */
  @FunctionalInterface
  public interface Restart {
    LiveJobs start(int run) throws Exception;
  }

  /** SIGKILL both job JVMs and start them again. */
  public static Disruption killJobs() {
    return (running, phase, restart) -> {
      running.kill();
      LiveJobs next = restart.start(phase + 1);
      next.assertContinued();
      return next;
    };
  }

  /** {@code first} at even phases, {@code second} at odd ones: e.g. a kill, then a broker restart. */
  public static Disruption alternate(Disruption first, Disruption second) {
    return (running, phase, restart) -> (phase % 2 == 0 ? first : second).apply(running, phase, restart);
  }

  private final String name;
  private final String bootstrap;
  private final Path work;
  private final int disruptions;
  private final int requestsPerPhase;
  private final int documentsPerPhase;
  private final Disruption disruption;

  public CrashDrill(String name, String bootstrap, Path work, int disruptions, int requestsPerPhase, int documentsPerPhase,
      Disruption disruption) {
    this.name = name;
    this.bootstrap = bootstrap;
    this.work = work;
    this.disruptions = disruptions;
    this.requestsPerPhase = requestsPerPhase;
    this.documentsPerPhase = documentsPerPhase;
    this.disruption = disruption;
  }

  /** Runs the drill; the result says what was lost or duplicated. Throws when a job never came back. */
  public DrillResult run() throws Exception {
    Path bundleDir = prepare();
    List<String> documents = DrillCorpus.documents(7, documentsPerPhase * (disruptions + 1));
    Set<String> sent = new HashSet<>();
    Restart restart = run -> LiveJobs.start(bootstrap, work, bundleDir, run);
    try (AnswerLedger ledger = new AnswerLedger(bootstrap, List.of(ServeTopics.RESPONSES, ServeTopics.DEAD_LETTERS));
        CommittedVocabulary vocab = new CommittedVocabulary(bootstrap, "scone.vocab");
        KafkaProducer<String, byte[]> producer = producer()) {
      LiveJobs jobs = restart.start(0);
      List<String> exposed = new ArrayList<>();
      try {
        Thread.sleep(2000); // the jobs' servers start with the jobs, after the command printed its plan
        for (SafeDefaults.Listening l : jobs.listening()) exposed.addAll(l.exposed());
        for (int phase = 0; phase <= disruptions; phase++) {
          int half = sent.size() + requestsPerPhase / 2;
          send(producer, phase, sent, documents.subList(phase * documentsPerPhase, (phase + 1) * documentsPerPhase));
          if (phase == disruptions) break;
          awaitAnswers(ledger, jobs, sent, half, phase);
          jobs = disruption.apply(jobs, phase, restart);
        }
        ledger.pollUntil(() -> ledger.answered(ServeTopics.RESPONSES, sent) == sent.size(), PHASE_LIMIT);
        boolean same = vocab.awaitContent(DrillCorpus.reference(documents, LiveJobs.MAX_N, LiveJobs.FGRAMS, LiveJobs.MIN_COUNT),
            PHASE_LIMIT);
        ledger.drain(Duration.ofSeconds(2));
        return result(ledger, sent, same, vocab.repeatedVersions(), exposed);
      } finally {
        jobs.close();
      }
    }
  }

  /** Publishes the bundle to serve and creates the topics; returns the bundle's directory. */
  private Path prepare() throws IOException {
    BundleRef bundle = DrillCorpus.publishBundle(work.resolve("store"), 1);
    ServeTopicsSetup.createMissing(bootstrap, ServeTopics.defaults(), 1);
    Map<String, Integer> counting = new LinkedHashMap<>();
    counting.put("scone.corpus", 1);
    counting.put("scone.vocab", 1);
    TopicSetup.createMissing(bootstrap, counting);
    return BundleStore.at(work.resolve("store")).directory(bundle.version());
  }

  /** Waits until {@code count} of the sent requests are answered: the moment to disrupt, mid-phase. */
  private void awaitAnswers(AnswerLedger ledger, LiveJobs jobs, Set<String> sent, int count, int phase) throws IOException {
    if (!ledger.pollUntil(() -> ledger.answered(ServeTopics.RESPONSES, sent) >= count, PHASE_LIMIT)) {
      jobs.assertAlive();
      throw new IllegalStateException(name + ": phase " + phase + " got " + ledger.answered(ServeTopics.RESPONSES, sent)
          + " of " + count + " answers within " + PHASE_LIMIT.toSeconds() + " s; logs under " + work.resolve("logs"));
    }
  }

  private DrillResult result(AnswerLedger ledger, Set<String> sent, boolean vocabularyMatches, long repeatedVersions,
      List<String> exposed) {
    int lost = sent.size() - ledger.answered(ServeTopics.RESPONSES, sent);
    Set<String> duplicates = new HashSet<>(ledger.duplicates(ServeTopics.RESPONSES));
    duplicates.retainAll(sent);
    return new DrillResult(name, disruptions, sent.size(), lost, duplicates.size(), vocabularyMatches, repeatedVersions,
        exposed);
  }

  /** This phase's requests (every 4th a generate) and documents, interleaved. */
  private void send(KafkaProducer<String, byte[]> producer, int phase, Set<String> sent, List<String> documents)
      throws IOException {
    for (int i = 0; i < requestsPerPhase; i++) {
      String id = "p" + phase + "-" + i;
      String json = i % 4 == 0
          ? JSON.writeValueAsString(Map.of("id", id, "op", "generate", "prompt", "the cat", "max_tokens", 3, "seed", i))
          : JSON.writeValueAsString(Map.of("id", id, "op", "score", "text", "the dog sat on the mat " + i));
      producer.send(new ProducerRecord<>(ServeTopics.REQUESTS, id, json.getBytes(StandardCharsets.UTF_8)));
      sent.add(id);
      if (i < documents.size()) {
        String docId = "d" + phase + "-" + i;
        producer.send(new ProducerRecord<>("scone.corpus", docId,
            JSON.writeValueAsString(Map.of("id", docId, "text", documents.get(i))).getBytes(StandardCharsets.UTF_8)));
      }
    }
    for (int i = requestsPerPhase; i < documents.size(); i++) {
      String docId = "d" + phase + "-" + i;
      producer.send(new ProducerRecord<>("scone.corpus", docId,
          JSON.writeValueAsString(Map.of("id", docId, "text", documents.get(i))).getBytes(StandardCharsets.UTF_8)));
    }
    producer.flush();
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(KafkaClientProps.idempotentProducer(bootstrap), new StringSerializer(), new ByteArraySerializer());
  }
}
