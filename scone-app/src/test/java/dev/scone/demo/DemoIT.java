package dev.scone.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.model.bundle.BundleStore;
import dev.scone.training.fgrams.VocabularyStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code scone demo --quick} end to end once (real broker, Flink jobs, trainer, the SOTU
 * corpus from the scone cache, fetched if missing) in a temporary directory, and checks the
 * summary against what the run left in its store. As long as `./scone demo --quick` (README, "How
 * long things take"), because the demo's promise is the whole life cycle.
 */
class DemoIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static DemoSummary summary;
  static String narration;

  @BeforeAll
  static void runQuickDemo() throws Exception {
    StringWriter out = new StringWriter();
    summary = new Demo(DemoPlan.quick(), dir, new PrintWriter(out), true).run();
    narration = out.toString();
    System.out.println(narration + summary.toTable()); // kept in the surefire report: what the run told
  }

  private static Path liveStore() {
    return dir.resolve("live").resolve("store");
  }

  @Test
  void countJobAnnouncedVocabulariesThatAreInTheStore() throws IOException {
    assertFalse(summary.vocabVersions().isEmpty(), "no vocabulary announced:\n" + narration);
    VocabularyStore vocab = new VocabularyStore(liveStore());
    for (long v : summary.vocabVersions()) assertTrue(Files.isRegularFile(vocab.fileOf(v)), "vocabulary v" + v);
    assertEquals(summary.vocabVersions().get(summary.vocabVersions().size() - 1), vocab.latestVersion().getAsLong());
  }

  @Test
  void trainerDecidedOnEveryAnnouncedVocabulary() throws IOException {
    TreeSet<Long> decided = new TreeSet<>();
    List<Long> published = new ArrayList<>();
    for (String line : Files.readAllLines(liveStore().resolve("trainer").resolve("decisions.jsonl"))) {
      JsonNode n = JSON.readTree(line);
      decided.add(n.path("vocab_version").asLong());
      if (!n.path("published_version").isNull()) published.add(n.path("published_version").asLong());
    }
    assertEquals(new TreeSet<>(summary.vocabVersions()), decided);
    assertEquals(summary.tableVersions(), published, "bundles announced on scone.tables vs accepted by the gate");
    assertEquals(summary.refreshesAccepted() + summary.retrainsAccepted(), published.size());
  }

  /** Every retrain reached the gate: none failed to train, and every decision compared finite perplexities. */
  @Test
  void everyGateDecisionComparedFinitePerplexitiesAndNoRetrainFailed() throws IOException {
    assertEquals(0, summary.retrainsFailed(), narration);
    assertTrue(summary.toTable().contains("0 failed to train"), summary.toTable());
    for (String line : Files.readAllLines(liveStore().resolve("trainer").resolve("decisions.jsonl"))) {
      JsonNode n = JSON.readTree(line);
      assertFalse(n.path("failed_to_train").asBoolean(), line);
      assertTrue(Double.isFinite(n.path("current_perplexity").asDouble()), line);
      assertTrue(Double.isFinite(n.path("candidate_perplexity").asDouble()), line);
      assertTrue(n.path("held_out_tokens").asLong() > 0, line);
    }
  }

  @Test
  void announcedTablesAreTheStoresBundlesAfterTheInitialOne() throws IOException {
    List<Long> expected = new ArrayList<>(List.of(summary.initialBundle()));
    expected.addAll(summary.tableVersions());
    assertEquals(expected, BundleStore.at(liveStore()).list());
    assertEquals(expected.get(expected.size() - 1), summary.finalBundle());
  }

  @Test
  void everyOpWasAnsweredAndOnlyByAnnouncedBundles() {
    assertTrue(summary.scoreAnswered() >= 1, "score answers: " + summary.scoreAnswered());
    assertTrue(summary.generateAnswered() >= 1, "generate answers: " + summary.generateAnswered());
    assertEquals(0, summary.errors(), narration);
    List<Long> known = new ArrayList<>(List.of(summary.initialBundle()));
    known.addAll(summary.tableVersions());
    assertTrue(known.containsAll(summary.servedVersions()), summary.servedVersions() + " not all in " + known);
    assertEquals(summary.finalBundle(), summary.servedVersions().get(summary.servedVersions().size() - 1),
        "the last announced bundle answered at the end");
  }

  @Test
  void perplexitiesAreFiniteAndTheSummaryNamesThem() {
    assertTrue(Double.isFinite(summary.perplexityBaseline()) && summary.perplexityBaseline() > 1);
    assertTrue(Double.isFinite(summary.perplexitySconeInitial()) && summary.perplexitySconeInitial() > 1);
    assertTrue(Double.isFinite(summary.perplexitySconeFinal()) && summary.perplexitySconeFinal() > 1);
    assertTrue(summary.toTable().contains("held-out perplexity"), summary.toTable());
  }

  @Test
  void everythingItStartedIsStopped() {
    assertTrue(summary.brokerStarted(), "the temporary directory had no running broker to reuse");
    String[] hostPort = summary.broker().split(":");
    assertFalse(listens(hostPort[0], Integer.parseInt(hostPort[1])), "the broker still listens on " + summary.broker());
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      assertFalse(t.isAlive() && t.getName().startsWith("scone-demo-"), "thread " + t.getName() + " still runs");
    }
  }

  private static boolean listens(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
