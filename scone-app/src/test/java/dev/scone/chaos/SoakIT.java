package dev.scone.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.broker.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 20-second soak (CI's short version of {@code scone chaos soak}): it completes, answers every
 * request, writes its CSV with a sample per second and its plot, and the serving JVM listens on
 * loopback addresses only. No timing or RSS thresholds: those are figures, read from the files.
 */
class SoakIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  @TempDir Path work;

  @Test
  void shortSoakAnswersEverythingAndWritesItsSamplesAndPlot() throws Exception {
    SoakRun.Result r = SoakRun.run(KAFKA.bootstrapServers(), work, Duration.ofSeconds(20), 20);
    assertTrue(r.sent() > 0, r.line());
    assertEquals(r.sent(), r.answered(), r.line());
    assertTrue(Files.size(r.png()) > 0, "plot written: " + r.png());
    long rows = Files.readAllLines(r.csv()).size() - 1;
    assertTrue(rows >= 15, "a sample a second: " + rows + " rows in " + r.csv());
    assertTrue(r.samples().all().stream().allMatch(s -> s.rssMb() > 0), "RSS read from /proc for every sample");
    assertTrue(r.bind().exposed().isEmpty(), r.bind().line());
  }
}
