package dev.scone.training.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QualityGateTest {

  @Test
  void notWorsePassesEqualAndBetterAndRejectsWorse() {
    QualityGate gate = QualityGate.notWorse();
    assertTrue(gate.passes(100.0, 100.0));
    assertTrue(gate.passes(100.0, 99.999));
    assertFalse(gate.passes(100.0, 100.0001));
  }

  @Test
  void nonFinitePerplexitiesNeverPass() {
    QualityGate gate = new QualityGate(-0.5);
    assertFalse(gate.passes(100.0, Double.NaN));
    assertFalse(gate.passes(Double.NaN, 1.0));
    assertFalse(gate.passes(100.0, Double.POSITIVE_INFINITY));
    assertFalse(gate.passes(Double.POSITIVE_INFINITY, 1.0));
    assertFalse(gate.decide("refresh", 10, 100.0, Double.NaN).accepted());
  }

  @Test
  void decisionAgreesWithTheRelativeRuleOnRandomPairs() {
    Random random = new Random(3);
    for (int i = 0; i < 2_000; i++) {
      double gain = random.nextDouble() * 1.8 - 0.9;
      double current = 1 + random.nextDouble() * 1000;
      double candidate = 1 + random.nextDouble() * 1000;
      QualityGate gate = new QualityGate(gain);
      boolean expected = (current - candidate) / current >= gain - 1e-12; // relative improvement reaches gain
      if (Math.abs((current - candidate) / current - gain) < 1e-9) continue; // too close to call in floating point
      GateDecision d = gate.decide("refresh", 5, current, candidate);
      assertEquals(expected, d.accepted(), "gain " + gain + ", current " + current + ", candidate " + candidate);
      assertEquals(current, d.currentPerplexity());
      assertEquals(candidate, d.candidatePerplexity());
    }
  }

  @Test
  void decisionNamesBothNumbersAndThePath() {
    GateDecision d = new QualityGate(0.1).decide("retrain", 1234, 50.0, 48.0);
    assertFalse(d.accepted()); // 48 > 45
    assertEquals("retrain", d.path());
    assertEquals(1234, d.heldOutTokens());
    assertTrue(d.reason().contains("48.0000") && d.reason().contains("50.0000") && d.reason().contains("45.0000"),
        d.reason());
  }

  @Test
  void gainOutsideTheOpenUnitIntervalIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new QualityGate(1.0));
    assertThrows(IllegalArgumentException.class, () -> new QualityGate(-1.0));
    assertThrows(IllegalArgumentException.class, () -> new QualityGate(Double.NaN));
  }
}
