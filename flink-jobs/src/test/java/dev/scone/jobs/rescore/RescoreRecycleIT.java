package dev.scone.jobs.rescore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scone.jobs.rescore.RescoreInput.JsonlFiles;
import dev.scone.jobs.rescore.RescoreOutput.JsonlFile;
import dev.scone.model.infer.Score;
import dev.scone.testing.TinyBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rescore job with recycling on: a second run of the same bundle reuses every score; with
 * the score files corrupted, a third run ignores them (no failure), runs the upper layers on the
 * stored activations, and every run writes the lines direct scoring gives.
 */
class RescoreRecycleIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @TempDir Path dir;

  @Test
  void recycledRunsWriteTheSameScoresAndSurviveCorruptFiles() throws Exception {
    Map<String, String> docs = RescoreFixture.documents(new Random(8), 12);
    TinyBundles.Published bundle = TinyBundles.publish(dir.resolve("store"), List.copyOf(docs.values()), 30, 3);
    Path in = dir.resolve("in.jsonl");
    RescoreFixture.writeJsonl(in, docs);
    Map<String, Score> expected = RescoreFixture.reference(bundle.directory(), docs);
    Path recycle = dir.resolve("recycle");

    RescoreRun.Result cold = run(bundle, in, recycle, "cold", expected);
    assertEquals(0, cold.reused() + cold.recycled());
    RescoreRun.Result warm = run(bundle, in, recycle, "warm", expected);
    assertEquals(docs.size(), warm.reused(), "the same bundle's scores are reused");

    try (Stream<Path> files = Files.walk(recycle.resolve("scores"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) Files.write(f, new byte[] {42});
    }
    RescoreRun.Result corrupt = run(bundle, in, recycle, "corrupt", expected);
    assertEquals(0, corrupt.reused(), "corrupt score files are ignored");
    assertEquals(docs.size(), corrupt.recycled(), "the activations were still good");
  }

  private RescoreRun.Result run(TinyBundles.Published bundle, Path in, Path recycle, String name,
      Map<String, Score> expected) throws Exception {
    Path out = dir.resolve(name + ".jsonl");
    RescoreConfig config = RescoreConfig.of(bundle.directory(), new JsonlFiles(List.of(in)), new JsonlFile(out), false, 2,
        dir.resolve("checkpoints-" + name)).withBatchDocuments(4).withCheckpointInterval(200)
        .withRecycle(new RecycleConfig(recycle.toString(), null, RecycleConfig.DEFAULT_BUDGET_BYTES));
    RescoreRun.Result result = RescoreRun.run(config, false);
    RescoreFixture.assertScoresEqual(expected, RescoreFixture.byId(Files.readAllLines(out)), bundle.modelVersion(), false);
    return result;
  }
}
