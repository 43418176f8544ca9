package dev.scone.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.broker.LocalKafkaBroker;
import dev.scone.chaos.AnswerLedger;
import dev.scone.chaos.CommittedVocabulary;
import dev.scone.chaos.DrillCorpus;
import dev.scone.cli.SconeCli;
import dev.scone.fgram.files.FileTrees;
import dev.scone.jobs.serve.ServeTopics;
import dev.scone.kafka.KafkaClientProps;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The jobs on a real multi-process cluster ({@link LocalCluster}: a JobManager, 3 TaskManagers and
 * 3 Kafka nodes, each its own JVM), submitted over REST by the CLI at parallelism 2, under the
 * faults a cluster deals out: SIGKILL of a TaskManager that runs tasks while serving and counting,
 * SIGKILL of the leader broker of a requests partition mid-stream, and a stop with a savepoint of
 * the counting job resumed at another parallelism (its union state redistributed). Every request
 * must have exactly one committed answer (read_committed, per id) and the last vocabulary must equal
 * the batch selection over every document sent.
 *
 * <p>CI runs the short version: 100 requests and 20 documents per phase; {@code
 * -Dscone.cluster.long=true} sends 500 requests and 60 documents per phase.
 */
@Tag("cluster")
class LocalClusterIT {
  private static final boolean LONG = Boolean.getBoolean("scone.cluster.long");
  private static final int REQUESTS = LONG ? 500 : 100;
  private static final int DOCUMENTS = LONG ? 60 : 20;
  private static final Duration LIMIT = Duration.ofSeconds(LONG ? 300 : 180);
  private static final Pattern JOB_ID = Pattern.compile("submitted as job ([0-9a-f]{32})");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Under target/, not a temp dir: the processes' logs stay there for a look after a failure. */
  private final Path work = Path.of("target", "cluster-it").toAbsolutePath();

  @Test
  void jobsOnTheClusterSurviveKilledTaskManagerKilledLeaderAndRescaleFromSavepoint() throws Exception {
    FileTrees.delete(work);
    LocalCluster cluster = LocalCluster.start(ClusterConfig.in(work.resolve("cluster"), 3).withTaskManagerMemory("1280m"));
    List<Long> pids = new ArrayList<>(cluster.taskManagerPids());
    pids.add(cluster.state().jobManagerPid());
    cluster.kafkaNodes().forEach(n -> pids.add(n.orElseThrow().pid()));
    try {
      run(cluster);
    } finally {
      cluster.stop();
    }
    for (long pid : pids) assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
  }

  private void run(LocalCluster cluster) throws Exception {
    String bootstrap = cluster.bootstrapServers();
    Path store = cluster.layout().store();
    BundleRef bundle = DrillCorpus.publishBundle(store, 1);
    String dir = cluster.layout().workDir().toString();
    submit("serve", "--cluster", dir, "--bundle", BundleStore.at(store).directory(bundle.version()).toString(),
        "--parallelism", "2", "--batch-size", "8", "--batch-timeout-ms", "10", "--checkpoint-interval-ms", "500");
    String count = submit(countArgs(dir, 2, null));
    List<String> documents = DrillCorpus.documents(7, DOCUMENTS * 3);
    List<String> sentDocs = new ArrayList<>();
    Set<String> sent = new HashSet<>();
    try (AnswerLedger ledger = new AnswerLedger(bootstrap, List.of(ServeTopics.RESPONSES, ServeTopics.DEAD_LETTERS));
        CommittedVocabulary vocab = new CommittedVocabulary(bootstrap, "scone.vocab");
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClientProps.idempotentProducer(bootstrap),
            new StringSerializer(), new ByteArraySerializer())) {
      // Phase 0: a TaskManager that runs tasks dies mid-stream; the jobs restart on the others.
      send(producer, 0, sent, documents.subList(0, DOCUMENTS), sentDocs);
      awaitAnswers(ledger, sent, REQUESTS / 2);
      int victim = cluster.busyTaskManager().orElseThrow(() -> new AssertionError("no TaskManager runs a task"));
      cluster.killTaskManager(victim);
      cluster.startTaskManager(); // a replacement, so that resuming at parallelism 3 finds its slots

      awaitAnswers(ledger, sent, sent.size());

      // Phase 1: the leader of requests partition 0 dies mid-stream; the jobs keep running.
      send(producer, 1, sent, documents.subList(DOCUMENTS, 2 * DOCUMENTS), sentDocs);
      awaitAnswers(ledger, sent, REQUESTS + REQUESTS / 2);
      int leader = leaderOf(bootstrap, ServeTopics.REQUESTS);
      LocalKafkaBroker node = cluster.kafkaNodes().get(leader - 1).orElseThrow();
      ProcessHandle.of(node.pid()).orElseThrow().destroyForcibly();
      ProcessHandle.of(node.pid()).ifPresent(h -> h.onExit().join());
      awaitAnswers(ledger, sent, sent.size());
      cluster.kafka().restartNode(leader);
      assertTrue(vocab.awaitContent(reference(sentDocs), LIMIT), "vocabulary after the kills differs from the batch selection");

      // Phase 2: the counting job stops with a savepoint at parallelism 2, resumes at 1, stops again
      // and resumes at 3: its per-subtask counts are split and merged by n-gram each time.
      int phase = 2;
      for (int parallelism : new int[] {1, 3}) {
        String savepoint = JobControl.stopWithSavepoint(cluster.restAddress(), count, null);
        count = submit(countArgs(dir, parallelism, savepoint));
        int from = 2 * DOCUMENTS + (phase - 2) * DOCUMENTS / 2;
        send(producer, phase++, sent, documents.subList(from, from + DOCUMENTS / 2), sentDocs);
        awaitAnswers(ledger, sent, sent.size());
        assertTrue(vocab.awaitContent(reference(sentDocs), LIMIT),
            "vocabulary after resuming at parallelism " + parallelism + " differs from the batch selection");
      }
      ledger.drain(Duration.ofSeconds(3));
      Set<String> duplicates = new HashSet<>(ledger.duplicates(ServeTopics.RESPONSES));
      duplicates.retainAll(sent);
      assertEquals(Set.of(), duplicates, "requests answered more than once");
      assertEquals(sent.size(), ledger.answered(ServeTopics.RESPONSES, sent), "requests never answered");
      assertEquals(0, vocab.repeatedVersions(), "a vocabulary version announced twice: " + vocab.versions());
    }

    // Phase 3: the corpus topic re-scored on the cluster at parallelism 2 equals a local run. The
    // counting job stops first: serve (2) and count-live (3) hold 5 of the 6 slots.
    JobControl.stopWithSavepoint(cluster.restAddress(), count, null);
    String bundleDir = BundleStore.at(store).directory(bundle.version()).toString();
    Path onCluster = work.resolve("rescored-cluster.jsonl");
    Path local = work.resolve("rescored-local.jsonl");
    execute("rescore", "--cluster", dir, "--bundle", bundleDir, "--topic", "scone.corpus", "--out", onCluster.toString(),
        "--parallelism", "2", "--no-recycle", "--no-progress");
    execute("rescore", "--bootstrap", bootstrap, "--bundle", bundleDir, "--topic", "scone.corpus", "--out", local.toString(),
        "--no-recycle", "--no-progress");
    List<String> clusterLines = java.nio.file.Files.readAllLines(onCluster).stream().sorted().toList();
    assertEquals(sentDocs.size(), clusterLines.size(), "one line per corpus document");
    assertEquals(java.nio.file.Files.readAllLines(local).stream().sorted().toList(), clusterLines);
  }

  private static String[] countArgs(String dir, int parallelism, String savepoint) {
    List<String> args = new ArrayList<>(List.of("count-live", "--cluster", dir, "--parallelism", Integer.toString(parallelism),
        "--fgrams", "40", "--fgram-min-count", "2", "--max-n", "3", "--publish-interval-ms", "500",
        "--checkpoint-interval-ms", "500"));
    if (savepoint != null) args.addAll(List.of("--from-savepoint", savepoint));
    return args.toArray(String[]::new);
  }

  /** Runs a scone command in this JVM (it only submits); returns the job id it printed. */
  private static String submit(String... args) {
    String out = execute(args);
    Matcher m = JOB_ID.matcher(out);
    assertTrue(m.find(), "no job id in:\n" + out);
    return m.group(1);
  }

  /** Runs a scone command in this JVM to its end; returns what it printed on stdout. */
  private static String execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SconeCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    assertEquals(0, code, String.join(" ", args) + " failed:\n" + out + err);
    return out.toString();
  }

  private static dev.scone.fgram.vocab.FgramVocabulary reference(List<String> documents) {
    return DrillCorpus.reference(documents, 3, 40, 2);
  }

  private static void awaitAnswers(AnswerLedger ledger, Set<String> sent, int count) {
    assertTrue(ledger.pollUntil(() -> ledger.answered(ServeTopics.RESPONSES, sent) >= count, LIMIT),
        "only " + ledger.answered(ServeTopics.RESPONSES, sent) + " of " + count + " requests answered within "
            + LIMIT.toSeconds() + " s");
  }

  private static int leaderOf(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(KafkaClientProps.admin(bootstrap))) {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
          .partitions().get(0).leader().id();
    }
  }

  /** This phase's requests (every 4th a generate) and documents. */
  private static void send(KafkaProducer<String, byte[]> producer, int phase, Set<String> sent, List<String> documents,
      List<String> sentDocs) throws Exception {
    for (int i = 0; i < REQUESTS; i++) {
      String id = "p" + phase + "-" + i;
      String json = i % 4 == 0
          ? JSON.writeValueAsString(Map.of("id", id, "op", "generate", "prompt", "the cat", "max_tokens", 3, "seed", i))
          : JSON.writeValueAsString(Map.of("id", id, "op", "score", "text", "the dog sat on the mat " + i));
      producer.send(new ProducerRecord<>(ServeTopics.REQUESTS, id, json.getBytes(StandardCharsets.UTF_8)));
      sent.add(id);
    }
    for (int i = 0; i < documents.size(); i++) {
      String docId = "d" + phase + "-" + i;
      producer.send(new ProducerRecord<>("scone.corpus", docId,
          JSON.writeValueAsString(Map.of("id", docId, "text", documents.get(i))).getBytes(StandardCharsets.UTF_8)));
      sentDocs.add(documents.get(i));
    }
    producer.flush();
  }
}
