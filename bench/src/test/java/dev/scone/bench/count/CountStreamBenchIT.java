package dev.scone.bench.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.bench.fgram.BenchResult.Figure;
import dev.scone.bench.fgram.BenchResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench path end to end on a tiny synthetic corpus (not SOTU): broker, topic, bounded job,
 * batch counter, vocabulary check, cleanup.
 */
class CountStreamBenchIT {
  private static final String[] WORDS = {"the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "far", "café", "日本", ",", "."};

  @TempDir Path tmp;

  @Test
  void boundedKafkaRunPublishesTheBatchSelectionAndPositiveFiguresAndCleansUp() throws Exception {
    Random random = new Random(7);
    List<String> documents = new ArrayList<>();
    for (int d = 0; d < 20; d++) documents.add(randomText(random, 50 + random.nextInt(200)));
    CountStreamBench.Config config = new CountStreamBench.Config(3, 30, 2, 2, 1);

    BenchResult result = CountStreamBench.run(documents, config, tmp); // throws if the vocabularies differ

    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "the broker's data, the topic and the published files are deleted");
    }

    long expectedFgrams = BatchCount.run(documents, "gpt2", 3, 30, 2).vocabulary().size();
    assertEquals(30, expectedFgrams, "the corpus needs more candidates than S, so top-S selection matters");
    assertEquals(expectedFgrams, result.figure("fgrams"), 0.0);
    assertTrue(result.value() > 0 && result.baseline() > 0, "rates must be positive: " + result);
    for (Figure f : result.figures()) assertTrue(f.value() > 0, "figure " + f + " must be positive");
    assertTrue(result.ratio() > 0);
  }

  private static String randomText(Random random, int words) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) sb.append(WORDS[(int) (WORDS.length * Math.pow(random.nextDouble(), 2))]).append(' ');
    return sb.toString();
  }
}
