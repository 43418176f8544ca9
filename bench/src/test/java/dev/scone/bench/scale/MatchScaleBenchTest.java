package dev.scone.bench.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The match-scale bench on a small scale: its figures, its synthetic padding, and that it cleans up. */
class MatchScaleBenchTest {
  private static final int V = 50257;

  @TempDir Path dir;

  @Test
  void measuresEverySizeLabelsTheSyntheticFgramsAndLeavesNoFileBehind() throws IOException {
    Random random = new Random(3);
    int[][] docs = new int[20][];
    for (int d = 0; d < docs.length; d++) docs[d] = random.ints(300, 0, 200).toArray();
    NgramCounter counter = new NgramCounter(V, 5);
    for (int[] doc : docs) counter.addDocument(doc);
    FgramVocabulary real = new FgramSelector(3000, 1).select(counter, new FgramVocabulary.Meta("test", V, 5, 0));

    BenchResult result = MatchScaleBench.run(docs, real,
        new MatchScaleBench.Config(List.of(1000, 50_000), dir, 0, 1, 0, true));

    Map<String, Double> f = result.figures().stream()
        .collect(Collectors.toMap(BenchResult.Figure::name, BenchResult.Figure::value));
    assertEquals(0, f.get("synthetic_fgrams_1000"));
    assertEquals(50_000 - real.size(), f.get("synthetic_fgrams_50000"));
    assertTrue(result.value() > 0 && result.baseline() > 0 && f.get("open_ms_50000") >= 0);
    assertTrue(f.get("file_bytes_per_fgram_50000") > 8, f.toString());
    // the huge-page rotation timed both mappings of each file (after checking they give the same rows)
    assertTrue(f.get("pages_2m_tokens_per_s_50000") > 0 && f.get("pages_4k_tokens_per_s_1000") > 0, f.toString());
    assertTrue(f.get("pages_2m_ratio") > 0, f.toString());
    // each probing order is timed at each size
    assertTrue(f.get("longest_first_tokens_per_s_1000") > 0 && f.get("every_length_tokens_per_s_50000") > 0,
        f.toString());
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void syntheticFgramsAreTheRealOnesThenGeneratedOnesOfValidLengthsAndTokens() {
    FgramVocabulary real = FgramVocabulary.of(new FgramVocabulary.Meta("test", 100, 4, 0),
        List.of(new int[] {1, 2}, new int[] {3, 4, 5}), new long[] {2, 1});
    SyntheticFgrams rows = new SyntheticFgrams(real, 1000, 9);
    int[] gram = new int[4];
    rows.tokens(1, gram);
    assertEquals(List.of(3, 4, 5), List.of(gram[0], gram[1], gram[2]));
    for (int id = 2; id < 1000; id++) {
      int k = rows.length(id);
      assertTrue(k >= 2 && k <= 4);
      rows.tokens(id, gram);
      for (int j = 0; j < k; j++) assertTrue(gram[j] >= 0 && gram[j] < 100);
    }
    assertEquals(2, rows.realCount());
  }

  @Test
  void refusesWhenTheDiskIsShort() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ScratchDir.create(dir, "x-", Long.MAX_VALUE / 4, 0));
    assertTrue(e.getMessage().contains("not enough free disk"), e.getMessage());
  }
}
