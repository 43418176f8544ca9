package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.training.run.TrainRunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCheckpointsTest {

  @TempDir Path dir;

  private TrainCheckpoints defaultFor(TrainRunConfig config, String texts) {
    return TrainCheckpoints.of(null, config, dir.resolve(texts));
  }

  @Test
  void theSameCommandFindsTheSameDirectoryBeforeAndAfterItsStoreExists() throws Exception {
    TrainRunConfig config = TrainRunConfig.defaults("texts", dir.resolve("store"));
    TrainCheckpoints before = defaultFor(config, "texts");
    Files.createDirectories(config.store());
    assertEquals(before, defaultFor(config, "texts"));
    assertTrue(before.isDefault());
    assertEquals(config.store().resolve("checkpoints"), before.dir().getParent());
    assertTrue(before.dir().getFileName().toString().matches("train-[0-9a-f]{12}"), before.dir().toString());
  }

  @Test
  void onlyOptionsThatShapeTheModelChooseAnotherDirectory() {
    TrainRunConfig config = TrainRunConfig.defaults("texts", dir.resolve("store"));
    TrainCheckpoints base = defaultFor(config, "texts");
    assertEquals(base, defaultFor(config.withTraining(config.training().withThreads(3).withCheckpointEvery(7)), "texts"),
        "threads and checkpoint spacing may change between resumed runs");
    assertNotEquals(base, defaultFor(config.withTraining(config.training().withSteps(999)), "texts"));
    assertNotEquals(base, defaultFor(config.withSeed(9), "texts"));
    assertNotEquals(base, defaultFor(config, "other-texts"));
  }

  @Test
  void aGivenDirectoryIsTheUsersAndOutlivesPublishing() throws Exception {
    TrainRunConfig config = TrainRunConfig.defaults("texts", dir.resolve("store"));
    TrainCheckpoints given = TrainCheckpoints.of(dir.resolve("mine"), config, null);
    assertEquals(new TrainCheckpoints(dir.resolve("mine"), false), given);
    Files.createDirectories(given.dir().resolve("step-00000004"));
    given.onPublished();
    assertTrue(Files.isDirectory(given.dir().resolve("step-00000004")));
    given.forget();
    assertFalse(Files.exists(given.dir()));
  }
}
