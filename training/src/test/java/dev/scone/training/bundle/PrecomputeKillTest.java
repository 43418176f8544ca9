package dev.scone.training.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a JVM in the middle of a resumable precompute, then a restart: it continues from the
 * kept chunks and writes the table an uninterrupted run writes, byte for byte.
 */
class PrecomputeKillTest {
  @TempDir Path killed;
  @TempDir Path clean;

  @Test
  void aPrecomputeKilledWithSigkillFinishesAfterARestartWithTheUninterruptedTable() throws Exception {
    Process child = start(killed, "t");
    long kept = waitForChunks(killed.resolve("work"), 10, child);
    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertTrue(kept < PrecomputeChild.FGRAMS, "the child finished before the kill");
    assertFalse(Files.exists(killed.resolve("t.arrow")));

    String resumed = finish(start(killed, "t"));
    String uninterrupted = finish(start(clean, "t"));
    assertEquals(uninterrupted, resumed);
    assertEquals(Files.size(clean.resolve("t.arrow")), Files.size(killed.resolve("t.arrow")));
    assertFalse(Files.exists(killed.resolve("work")));
    try (Stream<Path> files = Files.list(killed)) {
      assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".tmp")).toList(), "the killed run's leftovers");
    }
  }

  private static Process start(Path dir, String name) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!arg.startsWith("-agentlib") && !arg.startsWith("-javaagent")) command.add(arg);
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), PrecomputeChild.class.getName(),
        dir.toString(), name));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Waits until at least {@code count} chunk files are kept (or the child ended); returns how many. */
  private static long waitForChunks(Path work, int count, Process child) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && child.isAlive()) {
      long n = chunks(work);
      if (n >= count) return n;
      Thread.sleep(2);
    }
    return chunks(work);
  }

  private static long chunks(Path work) throws IOException {
    if (!Files.isDirectory(work)) return 0;
    try (Stream<Path> files = Files.list(work)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".rows")).count();
    }
  }

  /** The SHA-256 the child prints last, after it exits 0. */
  private static String finish(Process child) throws Exception {
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, child.exitValue(), out);
    List<String> lines = out.strip().lines().toList();
    return lines.get(lines.size() - 1);
  }
}
