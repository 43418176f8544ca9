package dev.scone.training.experiment;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import dev.scone.model.Devices;
import dev.scone.progress.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment's independent model jobs (train a config, score a bundle) several at a time,
 * each on one PyTorch intra-op thread. The experiment's models are small: at the quick size a second
 * intra-op thread makes one model's step only a few percent faster, while two models on one thread
 * each train at about 1.6x the rate of one (docs/DESIGN-NOTES.md, "The experiment's workers"). So a machine's
 * cores are better spent on models side by side than on each op.
 *
 * <p>{@link #map} returns results in input order whatever order the jobs ran in; it starts the
 * costliest jobs first, so that the last to finish is a cheap one rather than a deep model started
 * when the others were done. A failed job stops the jobs not yet started and is rethrown once the
 * running ones have finished. With one worker every job runs in the calling thread, one after the
 * other, and the thread settings are left as they are. Results must not depend on which worker
 * ran a job: each job builds its own model, and parameter initialisation is seeded per parameter
 * ({@code SeededNormal}), not from the engine's shared random state. (What a job does is the
 * caller's: the experiment's training jobs with more than one worker each run in a child JVM of
 * the worker's own, {@link TrainingProcesses}, because two models trained in one JVM were not
 * reproducible.)
 */
public final class ModelWorkers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelWorkers.class);

  /** One job: its input to its output. */
  @FunctionalInterface
  interface Job<I, O> {
    O run(I input) throws IOException;
  }

  /** PyTorch intra-op threads of each worker. */
  static final int THREADS_PER_WORKER = 1;
  static final int MAX_DEFAULT_WORKERS = 4;

  private final boolean showProgress;
  private final ExecutorService pool; // null with one worker: jobs run in the calling thread

  private ModelWorkers(boolean showProgress, ExecutorService pool) {
    this.showProgress = showProgress;
    this.pool = pool;
  }

  /**
   * {@code workers} jobs at a time ({@code >= 1}); with {@code showProgress}, each {@link #map}
   * draws a bar of jobs done.
   */
  static ModelWorkers start(int workers, boolean showProgress) {
    if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    if (workers == 1) return new ModelWorkers(showProgress, null);
    Engine.getInstance(); // the native library is loaded once, before any worker asks for it
    AtomicInteger number = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers, job -> {
      Thread t = new Thread(() -> {
        Devices.useCpuThreads(THREADS_PER_WORKER); // PyTorch keeps the count per calling thread
        job.run();
      }, "experiment-worker-" + number.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    return new ModelWorkers(showProgress, pool);
  }

  /**
   * The default for a machine with {@code cores} cores: one worker per core, at most {@value
   * #MAX_DEFAULT_WORKERS} (each worker holds a model, its optimiser state and, for SCONE, the n-gram
   * counts it selects from: on a large machine the heap, not the cores, is the bound).
   */
  public static int defaultWorkers(int cores) {
    return Math.max(1, Math.min(cores / THREADS_PER_WORKER, MAX_DEFAULT_WORKERS));
  }

  /**
   * {@code job} applied to every input, the outputs in input order.
   *
   * @param task the progress bar's label ("train", "score")
   * @param cost a job's relative cost: the costliest start first
   */
  <I, O> List<O> map(String task, List<I> inputs, ToDoubleFunction<I> cost, Job<I, O> job) throws IOException {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) order.add(i);
    order.sort(Comparator.comparingDouble((Integer i) -> -cost.applyAsDouble(inputs.get(i))));
    List<O> out = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) out.add(null);
    try (Progress progress = showProgress && !inputs.isEmpty() ? Progress.start(task, inputs.size(), "jobs")
        : Progress.none()) {
      if (pool == null) {
        for (int i : order) {
          out.set(i, runRetryingEngineFailure(job, inputs.get(i)));
          progress.step();
        }
        return out;
      }
      // Waited for in the order they finish, not in input order: a failure late in the input list
      // must stop the jobs not yet started at once, not when the caller's wait reaches it (a full
      // grid's tuning stage ran on for half an hour past a failed trial that way).
      CompletionService<Indexed<O>> done = new ExecutorCompletionService<>(pool);
      List<Future<Indexed<O>>> futures = new ArrayList<>(inputs.size());
      for (int i : order) {
        I input = inputs.get(i);
        futures.add(done.submit(() -> {
          O result = runRetryingEngineFailure(job, input);
          progress.step();
          return new Indexed<>(i, result);
        }));
      }
      for (int n = 0; n < inputs.size(); n++) {
        Indexed<O> r = next(done, futures);
        out.set(r.index(), r.value());
      }
      return out;
    }
  }

  private record Indexed<O>(int index, O value) {}

  /**
   * Runs {@code job}, and once more if PyTorch failed in it ({@link EngineException}). A job builds
   * its own model from a seeded config, so a rerun gives exactly what an unfailed run would have.
   * Why: on 2026-12-06 one of the full grid's 12 tuning trials failed 5 minutes in with a
   * pointer-like garbage index in the adaptive softmax's gather, while the same trial had completed
   * earlier that day; without a rerun the whole stage fails. The cause is not found
   * (docs/DESIGN-NOTES.md, "The experiment's workers"); a second failure is rethrown. Training with
   * several workers now happens in child JVMs, so this guards scoring and one-worker runs.
   */
  static <I, O> O runRetryingEngineFailure(Job<I, O> job, I input) throws IOException {
    try {
      return job.run(input);
    } catch (EngineException e) {
      LOG.warn("experiment job failed in PyTorch; running it again once: {}", input, e);
      return job.run(input);
    }
  }

  /** The next job to finish; on its failure, the jobs not yet started are cancelled and the running ones awaited. */
  private static <O> Indexed<O> next(CompletionService<Indexed<O>> done, List<Future<Indexed<O>>> futures)
      throws IOException {
    try {
      return done.take().get();
    } catch (ExecutionException e) {
      for (Future<?> f : futures) f.cancel(false);
      for (Future<?> f : futures) finish(f);
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) throw io;
      if (cause instanceof RuntimeException r) throw r;
      if (cause instanceof Error err) throw err;
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (Future<?> f : futures) f.cancel(false);
      throw new IOException("interrupted while waiting for experiment jobs", e);
    }
  }

  /** Waits for a job that may still be running; its own outcome no longer matters. */
  private static void finish(Future<?> f) {
    try {
      f.get();
    } catch (ExecutionException | CancellationException e) {
      // another job's failure is the one reported
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the threads; every job {@link #map} started has finished by the time it returns. */
  @Override
  public void close() {
    if (pool != null) pool.shutdown();
  }
}
