package dev.scone.chaos;

import dev.scone.cli.SconeCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code scone} command line with a heap probe: when the system property {@value #HEAP_LOG}
 * names a file, a daemon thread appends {@code epoch_ms,heap_used_bytes} to it once a second
 * (flushed each line, so a SIGKILL loses at most the current one). The child JVMs of the chaos
 * drills run this main.
 */
public final class MeteredMain {
  public static final String HEAP_LOG = "scone.chaos.heapLog";

  private MeteredMain() {}

  public static void main(String[] args) {
    String heapLog = System.getProperty(HEAP_LOG);
    if (heapLog != null) {
      Thread probe = new Thread(() -> sampleHeap(Path.of(heapLog)), "scone-heap-probe");
      probe.setDaemon(true);
      probe.start();
    }
    System.exit(SconeCli.commandLine().execute(args));
  }

  private static void sampleHeap(Path file) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
      while (true) {
        out.printf("%d,%d%n", System.currentTimeMillis(), memory.getHeapMemoryUsage().getUsed());
        out.flush();
        Thread.sleep(1000);
      }
    } catch (IOException | InterruptedException e) {
      // the probe is best effort: a soak without heap samples still reports RSS
    }
  }
}
