package dev.scone.bench.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.training.bundle.PrecomputeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kill drill end to end at test size: three child JVMs, a SIGKILL, a restart, a comparison. */
class PrecomputeKillDrillTest {
  @TempDir Path dir;

  @Test
  void aKilledPrecomputeRestartsFromItsChunksAndWritesTheUninterruptedTable() throws Exception {
    FgramVocabulary real = FgramVocabulary.of(new FgramVocabulary.Meta("test", 300, 3, 0),
        List.of(new int[] {1, 2}, new int[] {3, 4, 5}), new long[] {4, 2});
    FgramVocabulary vocab = new SyntheticFgrams(real, 2_000, 5).toVocabulary();
    // two f-grams per chunk: about a thousand kept files, so the kill lands part-way
    PrecomputeOptions options = PrecomputeOptions.defaults().withProgressBar(false).withBatches(2, 2, 64);
    BenchResult r = PrecomputeKillDrill.run(vocab, vocab.size() - real.size(), new PrecomputeKillDrill.Config(
        dir, new RandomModelShape(16, 1, 9), EmbeddingDtype.FLOAT16, options, 0.4, 512,
        Duration.ofMinutes(3)));
    assertEquals(1, r.figure("tables_equal"), r.toJson());
    assertEquals(1, r.figure("work_removed"), r.toJson());
    int chunks = (vocab.size() + 1) / 2;
    assertEquals(chunks, r.figure("chunks"));
    double kept = r.figure("chunks_kept_at_kill");
    int killAfter = (int) (0.4 * chunks); // the drill kills once this many chunk files exist
    assertTrue(kept >= killAfter && kept < chunks, "the kill lands after " + killAfter + " chunks and before the end: " + kept);
    // a chunk renamed into place but killed before its checksum sidecar is computed again
    double readBack = r.figure("chunks_read_back");
    assertTrue(readBack >= kept - 1 && readBack <= kept, "the restart reads back what was kept: " + r.toJson());
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "the scratch directory is removed");
    }
  }
}
