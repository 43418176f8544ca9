package dev.scone.training.experiment;

import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.CorpusFile;
import dev.scone.training.jvm.JavaCommand;
import dev.scone.training.run.TrainRunConfig;
import dev.scone.training.run.TrainingDivergedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains experiment models each in a JVM of its own ({@link TrainingJobMain}), for when several
 * train at once. Two models trained on threads of one JVM were neither reproducible nor safe at the
 * full grid's size: the same trial gave another validation perplexity beside another model than
 * alone, and one trial failed with a garbage index inside PyTorch (docs/DESIGN-NOTES.md, "The
 * experiment's workers"); one model per process was bit-exact. A child costs a JVM start and a
 * load of the native library, seconds against minutes of training.
 *
 * <p>Files go to {@code jobDir}: the training corpus once ({@code corpus.json}), and per job its
 * request, result and log ({@code train-N.json}, {@code .result}, {@code .log}; a failure names the
 * log and quotes its end). {@link #close} kills the children still running, and so does the JVM's
 * shutdown (Ctrl-C), so none trains on as an orphan. Thread-safe: {@link #train} is called by
 * several workers at once.
 */
final class TrainingProcesses implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingProcesses.class);
  private static final int LOG_TAIL_CHARS = 3_000;

  private final Path jobDir;
  private final Path corpusFile;
  private final Path tokenCache;
  private final int heapMb;
  private final boolean showProgress;
  private final AtomicInteger jobs = new AtomicInteger();
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private final Thread killOnExit = new Thread(this::killRunning, "kill-training-children");

  /**
   * @param corpus the training corpus, written once to {@code jobDir} for the children
   * @param tokenCache where the children cache token files (the parent's cache: tokenized once)
   * @param heapMb each child's maximum heap
   * @param showProgress each child writes its run's progress (step, loss, tokens/s, ETA) to its log
   */
  TrainingProcesses(Path jobDir, Corpus corpus, Path tokenCache, int heapMb, boolean showProgress)
      throws IOException {
    this.jobDir = jobDir.toAbsolutePath();
    this.corpusFile = this.jobDir.resolve("corpus.json");
    this.tokenCache = tokenCache.toAbsolutePath();
    this.heapMb = heapMb;
    this.showProgress = showProgress;
    CorpusFile.write(corpus, corpusFile);
    LOG.info("models train in JVMs of their own; their logs and progress: {}", this.jobDir);
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * The directory of the bundle a child trained and published with {@code config}.
   *
   * @throws TrainingDivergedException when the child's run diverged (it published nothing)
   * @throws IOException when the child failed otherwise
   */
  Path train(TrainRunConfig config) throws IOException {
    String name = "train-" + jobs.incrementAndGet();
    Path request = jobDir.resolve(name + ".json");
    Path result = jobDir.resolve(name + ".result");
    Path log = jobDir.resolve(name + ".log");
    Files.deleteIfExists(result);
    new TrainingJob(config, corpusFile, tokenCache, result, showProgress).write(request);
    ProcessBuilder builder = new ProcessBuilder(JavaCommand.forMain(TrainingJobMain.class.getName(), heapMb,
        List.of(request.toString())))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    JavaCommand.nativeDefaults(builder.environment());
    Process child = builder.start();
    running.add(child);
    int exit;
    try {
      exit = child.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      child.destroyForcibly();
      throw new IOException("interrupted while " + name + " trained (log " + log + ")", e);
    } finally {
      running.remove(child);
    }
    if (exit == TrainingJobMain.DIVERGED) {
      throw new TrainingDivergedException("training job " + name + " (" + describe(config) + ") diverged; log " + log
          + " ends:\n" + tail(log));
    }
    if (exit != 0 || !Files.exists(result)) {
      throw new IOException("training job " + name + " (" + describe(config) + ") failed in its JVM, exit " + exit
          + "; log " + log + " ends:\n" + tail(log));
    }
    return Path.of(Files.readString(result, StandardCharsets.UTF_8).strip());
  }

  private static String describe(TrainRunConfig c) {
    return (c.baseline() ? "baseline" : "scone, " + c.fgrams() + " f-grams, " + c.fgramLayers() + " f-gram layers")
        + ", " + c.layers() + " layers, lr " + c.training().learningRate() + ", seed " + c.seed();
  }

  private static String tail(Path log) throws IOException {
    String all = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    return all.substring(Math.max(0, all.length() - LOG_TAIL_CHARS));
  }

  private void killRunning() {
    for (Process p : running) p.destroyForcibly();
  }

  @Override
  public void close() {
    killRunning();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }
}
