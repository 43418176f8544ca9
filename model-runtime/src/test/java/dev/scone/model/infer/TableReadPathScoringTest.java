package dev.scone.model.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.scone.fgram.table.TableReadOptions;
import dev.scone.fgram.table.TableReadPath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serving through the cache tier and the prefetch pool scores exactly as the plain mapped table does. */
class TableReadPathScoringTest {
  @TempDir Path dir;
  private ServingFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new ServingFixture(dir, 18);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void cachedAndPrefetchedReadsScoreEveryTokenAsThePlainTable() {
    Random random = new Random(5);
    List<int[]> docs = new ArrayList<>();
    for (int d = 0; d < 6; d++) docs.add(f.randomDocument(random, 10 + 9 * d)); // several windows each
    List<Score> expected = new Scorer(f.scone).scoreAll(docs);
    List<TableReadOptions> paths = List.of(new TableReadOptions(0, 2), new TableReadOptions(1 << 20, 0),
        new TableReadOptions(1 << 20, 2), new TableReadOptions(8L * (4 * ServingFixture.D + 64), 2));
    for (TableReadOptions options : paths) {
      try (TableReadPath path = TableReadPath.open(f.table, options);
          ModelHandle handle = ModelHandle.scone(f.model, f.ids, path, f.matcher)) {
        Scorer scorer = new Scorer(handle);
        for (int pass = 0; pass < 2; pass++) { // the second pass hits the cache tier
          List<Score> got = scorer.scoreAll(docs);
          for (int d = 0; d < docs.size(); d++) {
            assertArrayEquals(expected.get(d).tokenLogprobs(), got.get(d).tokenLogprobs(), 0.0,
                options + " pass " + pass + " document " + d);
          }
        }
      }
    }
  }
}
