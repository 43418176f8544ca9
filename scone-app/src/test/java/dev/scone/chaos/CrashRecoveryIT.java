package dev.scone.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scone serve} and {@code scone count-live} in child JVMs under a stream of requests and
 * documents: first both JVMs are SIGKILLed mid-stream and started again (they continue from their
 * retained checkpoints), then the broker is stopped and started again on the same data dir and
 * port under the running jobs (which come back by themselves). At the end every request has
 * exactly one committed answer, the final vocabulary equals the batch reference over all
 * documents, no version was announced twice, and the job JVMs listen on loopback only. One of
 * each here (CI); {@code scone chaos} runs more.
 */
class CrashRecoveryIT {
  @TempDir Path work;

  @Test
  void killedJobsAndARestartedBrokerLoseAndDuplicateNothing() throws Exception {
    try (BrokerRestart broker = new BrokerRestart(work.resolve("kafka"), Duration.ofSeconds(2))) {
      DrillResult result = new CrashDrill("kill + broker", broker.bootstrapServers(), work.resolve("drill"), 2, 40, 10,
          CrashDrill.alternate(CrashDrill.killJobs(), broker.disruption())).run();
      assertEquals(0, result.answersLost(), result.line());
      assertEquals(0, result.duplicates(), result.line());
      assertTrue(result.vocabularyMatches(), result.line());
      assertEquals(0, result.repeatedVersions(), result.line());
      assertTrue(result.exposed().isEmpty(), result.line());
      assertEquals(120, result.requestsSent());
    }
  }
}
