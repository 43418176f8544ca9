package dev.scone.training.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.table.TableReadOptions;
import dev.scone.fgram.table.TableReadPath;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.PrefixCacheConfig;
import dev.scone.model.infer.Score;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A published bundle served through a read path (cache tier, prefetch, advice) scores as it does from the plain table. */
class ServedReadPathTest {
  private static final String[] WORDS = "the of and to a in that is was he for it with as state union people".split(" ");

  @TempDir Path dir;

  @Test
  void aBundleServedThroughItsReadPathScoresAsFromThePlainTable() throws Exception {
    Random random = new Random(18);
    List<String> texts = new ArrayList<>();
    for (int d = 0; d < 8; d++) {
      StringBuilder b = new StringBuilder();
      for (int w = 0, n = 10 + random.nextInt(50); w < n; w++) b.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
      texts.add(b.toString());
    }
    long version = SampleBundle.of(texts).fgrams(40).seed(2).publishTo(dir.resolve("store")).version();
    // a cache tier and a pool; madvise prefetch with random-access advice on the table and the index's tables
    List<TableReadOptions> paths = List.of(new TableReadOptions(1 << 20, 2), new TableReadOptions(0, 0, true, true));
    try (ModelBundle bundle = BundleStore.at(dir.resolve("store")).open(version);
        ServedBundle plain = ServedBundle.open(bundle, Device.cpu())) {
      List<int[]> docs = texts.stream().map(t -> plain.tokenizer().encode(t)).toList();
      List<Score> expected = plain.scorer().scoreAll(docs);
      for (TableReadOptions options : paths) {
        try (TableReadPath path = TableReadPath.open(bundle.table(), options);
            ServedBundle read = ServedBundle.open(bundle, Device.cpu(), PrefixCacheConfig.OFF, path)) {
          for (int pass = 0; pass < 2; pass++) {
            List<Score> got = read.scorer().scoreAll(docs);
            for (int d = 0; d < docs.size(); d++) {
              assertArrayEquals(expected.get(d).tokenLogprobs(), got.get(d).tokenLogprobs(), 0.0,
                  options + ", document " + d);
            }
          }
        }
      }
      try (EmbeddingTable other = EmbeddingTable.open(bundle.table().file());
          TableReadPath foreign = TableReadPath.open(other, TableReadOptions.IN_MEMORY)) {
        assertThrows(IllegalArgumentException.class,
            () -> ServedBundle.open(bundle, Device.cpu(), PrefixCacheConfig.OFF, foreign));
      }
    }
  }
}
