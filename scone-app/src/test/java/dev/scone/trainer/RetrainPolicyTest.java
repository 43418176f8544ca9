package dev.scone.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrainPolicyTest {
  private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");

  @Test
  void everyNVersionsCountsTheVersionInHand() {
    RetrainPolicy p = new RetrainPolicy(3, null, 2.0);
    TrainerState s = new TrainerState(10, 0, T0.toString());
    assertTrue(p.reason(s, T0, 0, false).isEmpty());
    s = s.handled(11, false, T0).handled(12, false, T0); // two since the last retrain, the third in hand
    assertTrue(p.reason(s, T0, 0, false).isPresent());
    assertEquals(0, s.handled(13, true, T0).versionsSinceRetrain());
  }

  @Test
  void intervalSinceTheLastRetrain() {
    RetrainPolicy p = new RetrainPolicy(0, Duration.ofHours(6), 2.0);
    TrainerState s = new TrainerState(1, 0, T0.toString());
    assertTrue(p.reason(s, T0.plus(Duration.ofHours(5)), 0, false).isEmpty());
    assertTrue(p.reason(s, T0.plus(Duration.ofHours(6)), 0, false).isPresent());
  }

  @Test
  void driftIsTheNewShareOrARejectedRefreshOnlyWhenTheTriggerIsOn() {
    TrainerState s = new TrainerState(1, 0, T0.toString());
    RetrainPolicy on = new RetrainPolicy(0, null, 0.3);
    assertTrue(on.reason(s, T0, 0.29, false).isEmpty());
    assertTrue(on.reason(s, T0, 0.30, false).isPresent());
    assertTrue(on.reason(s, T0, 0.0, true).isPresent());
    RetrainPolicy off = new RetrainPolicy(0, null, 2.0);
    assertTrue(off.reason(s, T0, 1.0, true).isEmpty());
  }

  @Test
  void stateSurvivesARestart(@TempDir Path store) throws Exception {
    TrainerState fresh = TrainerState.load(store);
    assertEquals(0, fresh.lastVocabVersion());
    TrainerState s = fresh.handled(4, false, T0).handled(6, false, T0);
    s.save(store);
    assertEquals(s, TrainerState.load(store));
    assertEquals(6, s.lastVocabVersion());
    assertEquals(6, s.handled(5, false, T0).lastVocabVersion(), "an older version never lowers the mark");
  }
}
