package dev.scone.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainingConfigTest {

  @Test
  void defaultsAreValidAndDocumented() {
    TrainingConfig d = TrainingConfig.defaults();
    assertEquals(1000, d.steps());
    assertEquals(16 * 128, d.tokensPerStep());
    assertEquals(100, d.warmupSteps());
  }

  @Test
  void invalidValuesAreRefusedNamingTheField() {
    TrainingConfig d = TrainingConfig.defaults();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.withLearningRate(1e-3, 2e-3, 10));
    assertTrue(e.getMessage().startsWith("minLearningRate"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> d.withBatch(0, 128));
    assertTrue(e.getMessage().startsWith("batchSize"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> d.withOptimizer(0.1, Double.NaN, 0.9, 0.95, 1e-8));
    assertTrue(e.getMessage().startsWith("clipNorm"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> d.withOptimizer(0.1, 1, 1.0, 0.95, 1e-8));
    assertTrue(e.getMessage().startsWith("beta1"), e.getMessage());
  }

  @Test
  void fewerStepsThanWarmUpShortenTheWarmUp() {
    assertEquals(30, TrainingConfig.defaults().withSteps(30).warmupSteps());
  }

  @Test
  void theFgramLearningRateScaleIsOneByDefaultKeptByTheOtherWithersAndInZeroToOne() {
    assertEquals(1.0, TrainingConfig.defaults().fgramLearningRateScale());
    TrainingConfig quarter = TrainingConfig.defaults().withFgramLearningRateScale(0.25);
    assertEquals(0.25, quarter.withSteps(10).withSeed(3).withLearningRate(4e-3, 4e-4, 1).fgramLearningRateScale());
    assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withFgramLearningRateScale(0));
    assertThrows(IllegalArgumentException.class, () -> TrainingConfig.defaults().withFgramLearningRateScale(1.5));
  }
}
