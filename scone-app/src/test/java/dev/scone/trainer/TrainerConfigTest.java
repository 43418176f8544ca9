package dev.scone.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainerConfigTest {

  @Test
  void retrainsFreezeNothingUnlessAskedAndTheSettingSurvivesOtherChanges() {
    TrainerConfig plain = TrainerConfig.defaults("127.0.0.1:9092", Path.of("store"), Path.of("held-out"));
    assertEquals(0, plain.frozenLayers());
    TrainerConfig frozen = plain.withFrozenLayers(2).withGate(0.01).withTopics("v", "t");
    assertEquals(2, frozen.frozenLayers());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.withFrozenLayers(-1));
    assertEquals("frozenLayers must be >= 0, got -1", e.getMessage());
  }
}
