package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CountingMode#BOUNDED} (Space-Saving, m counters per subtask, parallelism 2) against exact
 * counting, on a skewed corpus whose top S is stable and whose distinct n-grams far outnumber m, so
 * the summaries evict.
 */
class BoundedMemoryCountIT {
  private static final int MAX_N = 4;
  private static final int S = 10;
  private static final int M = 40 * S;

  @TempDir Path dir;

  @Test
  void withFortyTimesSCountersTheVocabularyEqualsExactCountingAndTheBoundIsNOverM() throws Exception {
    Random random = new Random(5);
    List<String> texts = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int d = 0; d < 16; d++) {
      String text = BatchReference.randomText(random, 300 + random.nextInt(200));
      texts.add(text);
      Path f = dir.resolve("doc" + d + ".txt");
      Files.writeString(f, text, StandardCharsets.UTF_8);
      files.add(f);
    }
    CountJobConfig config = CountJobConfig.exact("gpt2", MAX_N, S, 3, 2, dir.resolve("store").toString(), "").boundedMemory(M);
    CountRun run = FgramCountJob.runOnFiles(files, config);

    long[] perSubtask = occurrencesPerSubtask(texts, config.parallelism());
    long distinct = exactCounter(texts).size();
    assertTrue(distinct > 4L * M, "the test needs evictions: " + distinct + " distinct n-grams for " + M + " counters");
    long stated = Math.max(perSubtask[0], perSubtask[1]) / M;
    assertTrue(stated > 0);
    assertEquals(stated, run.published().countErrorBound, "the reported bound is max_s floor(N_s / m)");

    FgramVocabulary expected = BatchReference.select(texts, MAX_N, S, config.minCount());
    FgramVocabulary published = VocabularyFile.read(Path.of(run.published().path), run.published().sha256).vocabulary();
    assertTrue(expected.withVersion(published.meta().version()).sameContent(published),
        () -> "published " + BatchReference.describe(published) + "\nexpected " + BatchReference.describe(expected));
  }

  /** N_s: n-gram occurrences routed to each counting subtask, from exact counts. */
  private static long[] occurrencesPerSubtask(List<String> texts, int parallelism) {
    long[] n = new long[parallelism];
    exactCounter(texts).forEach((lo, hi, count) -> n[CountPartitioner.of(lo, hi, parallelism)] += count);
    return n;
  }

  private static NgramCounter exactCounter(List<String> texts) {
    Tokenizer tokenizer = Tokenizers.byName("gpt2");
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), MAX_N);
    for (String t : texts) counter.addDocument(tokenizer.encode(t));
    return counter;
  }

}
