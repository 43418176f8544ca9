package dev.scone.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.broker.KafkaBrokerExtension;
import java.nio.file.Path;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad requests of every generated kind mixed with valid traffic, against the serving job with
 * restart strategy none: each bad one is dead-lettered once with its code, each valid one
 * answered, a duplicated id answered twice, a 10 MB request refused before the job, and the job
 * never fails. 1,200 bad inputs here; {@code scone chaos} sends 10,000. Also: the local broker
 * listens on loopback only (serve's and count-live's JVMs: {@link CrashRecoveryIT}, {@link SoakIT}).
 */
class HostileTrafficIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final int BAD = 1200;

  @TempDir Path work;

  @Test
  void everyBadRequestIsDeadLetteredWithItsCodeAndTheJobNeverFails() throws Exception {
    HostileDrill.Result r = HostileDrill.run(KAFKA.bootstrapServers(), work, BAD);
    assertEquals(BAD + 1, r.bad(), "the generated cases and the near-1-MiB one");
    assertEquals(0, r.deadLettersMissing(), r.line());
    assertEquals(0, r.wrongCode(), r.line());
    assertEquals(0, r.deadLetterDuplicates(), r.line());
    assertEquals(0, r.answersLost(), r.line());
    assertEquals(r.duplicatedIdsSent(), r.duplicatedIdsAnsweredTwice(), r.line());
    assertTrue(r.tooLargeRefusedAtSend(), r.line());
    assertEquals(JobStatus.RUNNING, r.jobStatus(), r.line());
    assertTrue(r.passed(), r.line());
  }

  @Test
  void localBrokerListensOnLoopbackOnly() throws Exception {
    SafeDefaults.Listening broker = SafeDefaults.of("kafka broker", KAFKA.broker().pid());
    assertFalse(broker.addresses().isEmpty(), "the broker listens somewhere: " + broker.line());
    assertTrue(broker.exposed().isEmpty(), broker.line());
  }

  @Test
  void anyAddressIsNotLoopback() {
    assertFalse(ListeningAddresses.isLoopback("0.0.0.0:9092"));
    assertFalse(ListeningAddresses.isLoopback("[::]:9092"));
    assertTrue(ListeningAddresses.isLoopback("127.0.0.1:9092"));
    assertTrue(ListeningAddresses.isLoopback("[::ffff:127.0.0.1]:9092"));
  }
}
