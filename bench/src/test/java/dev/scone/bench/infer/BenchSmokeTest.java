package dev.scone.bench.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.bench.fgram.BenchResult.Figure;
import dev.scone.bench.fgram.BenchResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks run end to end on tiny sizes and clean up; no timing is asserted. */
class BenchSmokeTest {

  @TempDir Path work;

  private static double figure(BenchResult r, String name) {
    return r.figures().stream().filter(f -> f.name().equals(name)).mapToDouble(Figure::value)
        .findFirst().orElseThrow(() -> new AssertionError("no figure " + name + " in " + r.toJson()));
  }

  @Test
  void inferBenchScoresBothSidesAndDeletesItsTable() throws IOException {
    BenchResult r = InferBench.run(work, new InferBench.Config(300, 16, 1, 2, 16, 40, 3, 40, 0, 1, 5));
    assertTrue(r.value() > 0 && r.baseline() > 0, r.toJson());
    assertEquals(3 * 39, figure(r, "tokens scored per run"));
    assertTrue(figure(r, "positions reading an f-gram row") > 0, r.toJson());
    try (var left = Files.list(work)) {
      assertEquals(0, left.count(), "the bench left files in its work directory");
    }
  }

  @Test
  void leakBenchSamplesMemoryOfBothLoops() throws IOException {
    BenchResult r = ScoringLeakBench.run(work, new ScoringLeakBench.Config(300, 16, 16, 40, 12, 20, 5, 5));
    assertTrue(figure(r, "rss at start") > 0, r.toJson());
    assertTrue(figure(r, "scoring") > 0 && figure(r, "match + gather") > 0, r.toJson());
    assertEquals(20, figure(r, "iterations"));
  }

  @Test
  void prefixBenchReusesTheSharedPrefixAndNothingElse() throws IOException {
    // Requests of 48 tokens, 36 shared: three 16-token blocks; the last one ends at 48, past the prefix.
    BenchResult r = PrefixBench.run(work, new PrefixBench.Config(300, 16, 1, 2, 64, 40, 48, 0.75, 2, 2, 1, 2, 3));
    assertTrue(r.value() > 0 && r.baseline() > 0, r.toJson());
    // Two 16-token blocks lie wholly in the prefix; the very first request computes them (hit
    // rate below 31/48 by its share), every later one resumes at position 31.
    double hitRate = figure(r, "shared: token hit rate");
    assertTrue(hitRate > 0.5 && hitRate <= 31.0 / 48, r.toJson());
    assertEquals(0, figure(r, "unshared: token hit rate"), r.toJson());
    try (var left = Files.list(work)) {
      assertEquals(0, left.count(), "the bench left files in its work directory");
    }
  }
}
