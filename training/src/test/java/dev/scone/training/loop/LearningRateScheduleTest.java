package dev.scone.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  private final LearningRateSchedule schedule = new LearningRateSchedule(1e-3, 1e-4, 10, 110);

  @Test
  void warmUpRisesLinearlyToThePeak() {
    assertEquals(1e-4, schedule.at(0), 1e-15);
    assertEquals(5e-4, schedule.at(4), 1e-15);
    assertEquals(1e-3, schedule.at(9), 1e-15);
  }

  @Test
  void cosineDecaysFromPeakThroughMidpointToFloor() {
    assertEquals(1e-3, schedule.at(10), 1e-15); // first step after warm-up
    assertEquals(1e-4 + 0.5 * 9e-4, schedule.at(60), 1e-15); // halfway: cos(pi/2) = 0
    double quarter = 1e-4 + 9e-4 * 0.5 * (1 + Math.cos(Math.PI * 0.25));
    assertEquals(quarter, schedule.at(35), 1e-15);
    assertEquals(1e-4, schedule.at(110), 1e-15);
    assertEquals(1e-4, schedule.at(1000), 1e-15);
  }

  @Test
  void decayNeverIncreases() {
    for (int s = 10; s < 120; s++) {
      assertEquals(true, schedule.at(s + 1) <= schedule.at(s), "step " + s);
    }
  }

  @Test
  void noWarmUpStartsAtThePeak() {
    LearningRateSchedule s = new LearningRateSchedule(2e-3, 0, 0, 100);
    assertEquals(2e-3, s.at(0), 1e-15);
    assertEquals(1e-3, s.at(50), 1e-15);
  }

  @Test
  void invalidSchedulesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 2e-3, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 0, 11, 10));
    assertThrows(IllegalArgumentException.class, () -> schedule.at(-1));
  }
}
