package dev.scone.jobs.rescore;

import static dev.scone.jobs.rescore.RescoreFixture.assertScoresEqual;
import static dev.scone.jobs.rescore.RescoreFixture.byId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.jobs.rescore.RescoreInput.JsonlFiles;
import dev.scone.jobs.rescore.RescoreOutput.JsonlFile;
import dev.scone.testing.TinyBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A rescore that fails once mid-run resumes from its checkpoint and still writes each document exactly once. */
class RescoreRecoveryIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @TempDir Path dir;

  @Test
  void injectedFailureStillWritesExactlyOneLinePerDocumentWithUninterruptedValues() throws Exception {
    Map<String, String> docs = RescoreFixture.documents(new Random(11), 60);
    TinyBundles.Published bundle = TinyBundles.publish(dir.resolve("store"), List.copyOf(docs.values()), 40, 3);
    Path in = dir.resolve("in.jsonl");
    RescoreFixture.writeJsonl(in, docs);
    Path out = dir.resolve("scores.jsonl");
    RescoreConfig config = RescoreConfig.of(bundle.directory(), new JsonlFiles(List.of(in)), new JsonlFile(out), true, 2,
        dir.resolve("checkpoints")).withBatchDocuments(3).withCheckpointInterval(100);
    String name = "recovery-" + config.runId();

    RescoreRun.run(config, false, raw -> raw.map(new FailOnceAfterCheckpoint(name, 40)).name("fail-once").uid("fail-once"));

    assertTrue(FailOnceAfterCheckpoint.failed(name), "the injected failure did not happen; the test proves nothing");
    List<String> lines = Files.readAllLines(out);
    assertEquals(docs.size(), lines.size(), "exactly one line per document");
    assertScoresEqual(RescoreFixture.reference(bundle.directory(), docs), byId(lines), bundle.modelVersion(), true);
  }
}
