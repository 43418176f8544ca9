package dev.scone.training.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class ModelWorkersTest {

  private static final List<Integer> COSTS = List.of(3, 9, 1, 7, 5);

  @Test
  void oneWorkerRunsInTheCallingThreadCostliestFirstAndKeepsInputOrder() throws IOException {
    List<Integer> started = new ArrayList<>();
    Thread caller = Thread.currentThread();
    try (ModelWorkers workers = ModelWorkers.start(1, false)) {
      List<String> out = workers.map("t", COSTS, c -> c, c -> {
        assertEquals(caller, Thread.currentThread());
        started.add(c);
        return "job" + c;
      });
      assertEquals(List.of("job3", "job9", "job1", "job7", "job5"), out);
    }
    assertEquals(List.of(9, 7, 5, 3, 1), started);
  }

  /** Two jobs that each wait for the other can only finish if they run at the same time. */
  @Test
  void twoWorkersRunJobsSideBySideOffTheCallingThread() throws IOException {
    CountDownLatch both = new CountDownLatch(2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (ModelWorkers workers = ModelWorkers.start(2, false)) {
      List<Integer> out = workers.map("t", List.of(1, 2), c -> 1, c -> {
        threads.add(Thread.currentThread().getName());
        both.countDown();
        try {
          assertTrue(both.await(30, TimeUnit.SECONDS), "the other job ran at the same time");
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
        return c * 10;
      });
      assertEquals(List.of(10, 20), out);
    }
    assertEquals(2, threads.size());
    assertTrue(threads.stream().allMatch(n -> n.startsWith("experiment-worker-")), threads.toString());
  }

  @Test
  void manyJobsOnTwoWorkersComeBackInInputOrder() throws IOException {
    List<Integer> inputs = new ArrayList<>();
    for (int i = 0; i < 40; i++) inputs.add(i);
    List<Integer> costs = new ArrayList<>(inputs);
    Collections.shuffle(costs, new java.util.Random(3));
    try (ModelWorkers workers = ModelWorkers.start(2, false)) {
      assertEquals(inputs.stream().map(i -> i * i).toList(),
          workers.map("t", inputs, costs::get, i -> i * i));
    }
  }

  @Test
  void aFailureIsRethrownAndJobsNotYetStartedNeverRun() {
    AtomicInteger ran = new AtomicInteger();
    List<Integer> inputs = new ArrayList<>();
    for (int i = 0; i < 200; i++) inputs.add(i);
    try (ModelWorkers workers = ModelWorkers.start(2, false)) {
      IOException e = assertThrows(IOException.class, () -> workers.map("t", inputs, i -> -i, i -> {
        ran.incrementAndGet();
        if (i == 0) throw new IOException("job 0 failed");
        LockSupport.parkNanos(5_000_000);
        return i;
      }));
      assertEquals("job 0 failed", e.getMessage());
    }
    assertTrue(ran.get() < inputs.size(), "jobs after the failure were cancelled: " + ran.get() + " ran");
  }

  /** The failing job is the last input but starts first: waiting in input order would run all the others. */
  @Test
  void aFailureLateInTheInputsStopsTheJobsNotYetStartedAtOnce() {
    AtomicInteger ran = new AtomicInteger();
    List<Integer> inputs = new ArrayList<>();
    for (int i = 0; i < 200; i++) inputs.add(i);
    int failing = inputs.size() - 1;
    try (ModelWorkers workers = ModelWorkers.start(2, false)) {
      IOException e = assertThrows(IOException.class, () -> workers.map("t", inputs, i -> i == failing ? 1e9 : -i, i -> {
        ran.incrementAndGet();
        if (i == failing) throw new IOException("the last input failed");
        LockSupport.parkNanos(5_000_000);
        return i;
      }));
      assertEquals("the last input failed", e.getMessage());
    }
    assertTrue(ran.get() < 20, "jobs after the failure were cancelled: " + ran.get() + " of " + inputs.size() + " ran");
  }

  @Test
  void aJobPyTorchFailsInRunsOnceMoreAndOnlyOnce() throws IOException {
    AtomicInteger runs = new AtomicInteger();
    try (ModelWorkers workers = ModelWorkers.start(2, false)) {
      List<Integer> out = workers.map("t", List.of(1, 2), i -> i, i -> {
        if (i == 2 && runs.incrementAndGet() == 1) throw new ai.djl.engine.EngineException("garbage index");
        return i * 10;
      });
      assertEquals(List.of(10, 20), out);
    }
    assertEquals(2, runs.get(), "the failed job ran twice");
    AtomicInteger always = new AtomicInteger();
    assertThrows(ai.djl.engine.EngineException.class, () -> ModelWorkers.runRetryingEngineFailure(i -> {
      always.incrementAndGet();
      throw new ai.djl.engine.EngineException("again");
    }, 1));
    assertEquals(2, always.get(), "a second failure is rethrown, not retried again");
    AtomicInteger java = new AtomicInteger();
    assertThrows(IllegalStateException.class, () -> ModelWorkers.runRetryingEngineFailure(i -> {
      java.incrementAndGet();
      throw new IllegalStateException("a bug, not the engine");
    }, 1));
    assertEquals(1, java.get(), "other failures are not retried");
  }

  @Test
  void atLeastOneWorker() {
    assertThrows(IllegalArgumentException.class, () -> ModelWorkers.start(0, false));
    assertEquals(1, ModelWorkers.defaultWorkers(1));
    assertEquals(2, ModelWorkers.defaultWorkers(2));
    assertEquals(ModelWorkers.MAX_DEFAULT_WORKERS, ModelWorkers.defaultWorkers(64));
  }
}
