package dev.scone.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stopped (controlled shutdown) and started again on the same data dir and port while
 * {@code scone serve} and {@code scone count-live} run in their child JVMs: the jobs come back by
 * themselves (they are never restarted by hand), no answer is lost or doubled, and the final
 * vocabulary equals the batch reference.
 */
class BrokerRestartIT {
  @TempDir Path work;

  @Test
  void jobsRideOutABrokerRestartLosingAndDuplicatingNothing() throws Exception {
    try (BrokerRestart broker = new BrokerRestart(work.resolve("kafka"), Duration.ofSeconds(2))) {
      DrillResult result = new CrashDrill("broker restart", broker.bootstrapServers(), work.resolve("drill"), 1, 40, 10,
          broker.disruption()).run();
      assertEquals(0, result.answersLost(), result.line());
      assertEquals(0, result.duplicates(), result.line());
      assertTrue(result.vocabularyMatches(), result.line());
      assertEquals(0, result.repeatedVersions(), result.line());
      assertTrue(result.exposed().isEmpty(), result.line());
    }
  }
}
