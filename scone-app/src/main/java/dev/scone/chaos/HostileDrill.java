package dev.scone.chaos;

import dev.scone.jobs.serve.InferenceJob;
import dev.scone.jobs.serve.ServeConfig;
import dev.scone.jobs.serve.ServeTopics;
import dev.scone.jobs.serve.ServeTopicsSetup;
import dev.scone.model.bundle.BundleRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The serving job (in this JVM, restart strategy {@code none}: any failure ends the job) under
 * {@code bad} generated bad requests ({@link HostileInputs}) mixed with valid ones and requests
 * sent twice with the same id. Then: each bad one has one dead letter with its expected
 * {@code error.code}; each valid one is answered; a duplicated id is answered twice (ids are not
 * deduplicated); the job is still RUNNING. A 10 MB request is sent too: the broker (1 MiB
 * default {@code message.max.bytes}) or the producer refuses it, so it never reaches the job and
 * the sender gets the error.
 */
public final class HostileDrill {
  private static final Duration LIMIT = Duration.ofSeconds(180);

  /**
   * @param bad bad requests sent
   * @param wrongCode dead letters whose error.code was not the expected one (must be 0)
   * @param deadLettersMissing bad requests without a dead letter (must be 0)
   * @param deadLetterDuplicates bad requests with more than one dead letter (must be 0)
   * @param validSent valid requests sent (distinct ids)
   * @param answersLost valid requests unanswered (must be 0)
   * @param duplicatedIdsAnsweredTwice ids sent twice that got two answers (= how many were sent twice)
   * @param tooLargeRefusedAtSend whether the 10 MB request was refused before reaching the job
   * @param jobStatus the job's status at the end (RUNNING: it never failed)
   * @param failure why the job ended, when it did (root cause), else empty
   */
  public record Result(int bad, int wrongCode, int deadLettersMissing, int deadLetterDuplicates, int validSent,
      int answersLost, int duplicatedIdsAnsweredTwice, int duplicatedIdsSent, boolean tooLargeRefusedAtSend,
      JobStatus jobStatus, String failure) {
    public boolean passed() {
      return wrongCode == 0 && deadLettersMissing == 0 && deadLetterDuplicates == 0 && answersLost == 0
          && duplicatedIdsAnsweredTwice == duplicatedIdsSent && tooLargeRefusedAtSend && jobStatus == JobStatus.RUNNING;
    }

    public String line() {
      return String.format("%-16s %s: %d bad inputs (%d kinds), %d wrong codes, %d dead letters missing, %d doubled;"
          + " %d valid, %d answers lost; %d/%d duplicate ids answered twice; 10 MB request refused at send: %s; job %s",
          "hostile input", passed() ? "PASS" : "FAIL", bad, HostileInputs.kinds(), wrongCode, deadLettersMissing,
          deadLetterDuplicates, validSent, answersLost, duplicatedIdsAnsweredTwice, duplicatedIdsSent,
          tooLargeRefusedAtSend, jobStatus) + (failure.isEmpty() ? "" : " (" + failure + ")");
    }
  }

  private HostileDrill() {}

  public static Result run(String bootstrap, Path work, int bad) throws Exception {
    BundleRef bundle = DrillCorpus.publishBundle(work.resolve("store"), 1);
    ServeTopicsSetup.createMissing(bootstrap, ServeTopics.defaults(), 2);
    ServeConfig config = ServeConfig.defaults(bootstrap, work.resolve("store").toString(), bundle, DrillCorpus.CONTEXT)
        .withParallelism(2).withBatch(new ServeConfig.Batching(16, 10)).withCheckpointInterval(500);
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // a single failure would end the job: none allowed
    StreamExecutionEnvironment env = InferenceJob.localEnvironment(config.parallelism(), conf);
    InferenceJob.wire(env, config);
    JobClient job = env.executeAsync("chaos: hostile input");
    try (KafkaProducer<byte[], byte[]> producer = RequestProducer.open(bootstrap);
        AnswerLedger ledger = new AnswerLedger(bootstrap, List.of(ServeTopics.RESPONSES, ServeTopics.DEAD_LETTERS))) {
      Map<String, String> expected = new LinkedHashMap<>();
      Set<String> valid = new HashSet<>();
      Set<String> twice = new HashSet<>();
      for (int n = 0; n < bad; n++) {
        HostileInputs.BadRequest b = HostileInputs.of(n);
        send(producer, b.key(), b.value(), b.headers());
        expected.put(b.key(), b.expectedCode());
        if (n % 20 == 0) sendValid(producer, "ok-" + n, n, valid);
        if (n % 200 == 0) {
          sendValid(producer, "twice-" + n, n, valid);
          sendValid(producer, "twice-" + n, n + 1, valid);
          twice.add("twice-" + n);
        }
      }
      boolean refusedAtSend = tenMegabytes(producer);
      if (nearLimit(producer)) expected.put(NEAR_LIMIT_ID, "too_large");
      producer.flush();
      CompletableFuture<JobExecutionResult> ended = job.getJobExecutionResult();
      ledger.pollUntil(() -> ended.isDone() || ledger.answered(ServeTopics.DEAD_LETTERS, expected.keySet()) == expected.size()
          && ledger.answered(ServeTopics.RESPONSES, valid) == valid.size(), LIMIT);
      ledger.drain(Duration.ofSeconds(2));
      return result(ledger, expected, valid, twice, refusedAtSend, ended.isDone() ? JobStatus.FAILED : job.getJobStatus().get(),
          failure(ended));
    } finally {
      cancel(job);
    }
  }

  private static Result result(AnswerLedger ledger, Map<String, String> expected, Set<String> valid, Set<String> twice,
      boolean refusedAtSend, JobStatus status, String failure) {
    int wrong = 0;
    Map<String, Integer> dead = ledger.counts(ServeTopics.DEAD_LETTERS);
    for (Map.Entry<String, String> e : expected.entrySet()) {
      if (dead.containsKey(e.getKey()) && !e.getValue().equals(ledger.errorCode(e.getKey()))) wrong++;
    }
    Set<String> doubled = new HashSet<>(ledger.duplicates(ServeTopics.DEAD_LETTERS));
    doubled.retainAll(expected.keySet());
    Map<String, Integer> answers = ledger.counts(ServeTopics.RESPONSES);
    int answeredTwice = (int) twice.stream().filter(id -> answers.getOrDefault(id, 0) == 2).count();
    return new Result(expected.size(), wrong, expected.size() - ledger.answered(ServeTopics.DEAD_LETTERS, expected.keySet()),
        doubled.size(), valid.size(), valid.size() - ledger.answered(ServeTopics.RESPONSES, valid), answeredTwice,
        twice.size(), refusedAtSend, status, failure);
  }

  static final String NEAR_LIMIT_ID = "near-1mib";

  /**
   * Sends a request just under the producer's and broker's 1 MiB default limit (1,048,576 bytes
   * less 160): it reaches the job, whose dead letter (the same bytes plus error headers) must not
   * be too large for the sink. Returns whether the broker took it.
   */
  private static boolean nearLimit(KafkaProducer<byte[], byte[]> producer) throws InterruptedException {
    String head = "{\"id\":\"" + NEAR_LIMIT_ID + "\",\"op\":\"score\",\"text\":\"";
    int fill = 1024 * 1024 - 160 - head.length() - 2;
    try {
      producer.send(new ProducerRecord<>(ServeTopics.REQUESTS, utf8(NEAR_LIMIT_ID), utf8(head + "y".repeat(fill) + "\"}"))).get();
      return true;
    } catch (ExecutionException e) {
      return false;
    }
  }

  /** Sends a 10 MB generate prompt; true when the producer or broker refused it as too large. */
  private static boolean tenMegabytes(KafkaProducer<byte[], byte[]> producer) throws InterruptedException {
    String json = "{\"id\":\"ten-mb\",\"op\":\"generate\",\"prompt\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
    try {
      producer.send(new ProducerRecord<>(ServeTopics.REQUESTS, utf8("ten-mb"), utf8(json))).get();
      return false;
    } catch (ExecutionException e) {
      return e.getCause() instanceof RecordTooLargeException;
    }
  }

  /** The root cause of the job's end, or empty while it runs. */
  private static String failure(CompletableFuture<JobExecutionResult> ended) {
    if (!ended.isDone()) return "";
    try {
      ended.get();
      return "ended without failure";
    } catch (Exception e) {
      // the first cause that is not Flink's wrapping, e.g. the sink's RecordTooLargeException
      StringBuilder chain = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (!chain.isEmpty()) chain.append(" <- ");
        chain.append(t.getClass().getSimpleName()).append(": ").append(String.valueOf(t.getMessage()).lines().findFirst().orElse(""));
      }
      return chain.toString();
    }
  }

  private static void sendValid(KafkaProducer<byte[], byte[]> producer, String id, int n, Set<String> valid) {
    send(producer, id, utf8(HostileInputs.valid(id, n)), List.of());
    valid.add(id);
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String key, byte[] value, List<String> headers) {
    RecordHeaders h = new RecordHeaders();
    for (int i = 0; i < headers.size(); i += 2) h.add(headers.get(i), utf8(headers.get(i + 1)));
    producer.send(new ProducerRecord<>(ServeTopics.REQUESTS, null, utf8(key), value, h));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void cancel(JobClient job) {
    try {
      job.cancel().get();
    } catch (Exception e) {
      // already ended (failed): the status in the result says so
    }
  }
}
