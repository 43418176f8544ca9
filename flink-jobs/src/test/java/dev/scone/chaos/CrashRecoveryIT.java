package dev.scone.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.broker.KafkaBrokerExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scone serve} and {@code scone count-live} in child JVMs, SIGKILLed mid-stream and
 * started again from their retained checkpoints: every request has exactly one committed answer
 * and the final vocabulary equals the batch reference over all documents. One kill here (CI);
 * {@code scone chaos} runs more.
 */
class CrashRecoveryIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @TempDir Path work;

  @Test
  void killedJobsRestartedFromRetainedCheckpointsLoseAndDuplicateNothing() throws Exception {
    DrillResult result = new CrashDrill("kill -9", KAFKA.bootstrapServers(), work, 1, 40, 10, CrashDrill.killJobs()).run();
    assertEquals(0, result.answersLost(), result.line());
    assertEquals(0, result.duplicates(), result.line());
    assertTrue(result.vocabularyMatches(), result.line());
    assertEquals(0, result.repeatedVersions(), result.line());
    assertTrue(result.exposed().isEmpty(), result.line());
    assertEquals(80, result.requestsSent());
  }
}
