package dev.scone.training.experiment;

import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.CorpusFile;
import dev.scone.training.jvm.ChildLog;
import dev.scone.training.jvm.JavaCommand;
import dev.scone.training.run.TrainRun;
import dev.scone.training.run.TrainRunConfig;
import dev.scone.training.run.TrainingDivergedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains experiment models in child JVMs ({@link TrainingWorkerMain}), one model per JVM at a time,
 * for when several train at once. Two models trained on threads of one JVM were neither
 * reproducible nor safe at the full grid's size: the same trial gave another validation perplexity
 * beside another model than alone, and one trial failed with a garbage index inside PyTorch
 * (docs/DESIGN-NOTES.md, "The experiment's workers"); one model per process was bit-exact. A child
 * is kept for the next job, so the JVM start, the native library's load and the JIT's warm-up are
 * paid once per concurrent caller rather than once per model (at the quick grid's size that was a
 * tenth of a model's time).
 *
 * <p>Files go to {@code jobDir}: the training corpus once ({@code corpus.json}); per job its request
 * and result ({@code train-N.json}, {@code .result}); per child its log ({@code worker-K.log}, each
 * job's part headed by its request's name). A failure names the log and quotes the job's part of
 * it. {@link #close} ends the children, and the JVM's shutdown (Ctrl-C) kills them, so none trains
 * on as an orphan. Thread-safe: {@link #train} is called by several workers at once, each served by
 * a child of its own.
 */
final class TrainingProcesses implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingProcesses.class);

  private final Path jobDir;
  private final Path corpusFile;
  private final Path tokenCache;
  private final int validationTargets;
  private final int heapMb;
  private final boolean showProgress;
  private final AtomicInteger jobs;
  private final AtomicInteger started;
  private final ConcurrentLinkedDeque<Child> idle = new ConcurrentLinkedDeque<>();
  private final Set<Child> children = ConcurrentHashMap.newKeySet();
  private final Thread killOnExit = new Thread(this::killAll, "kill-training-children");

  /**
   * @param corpus the training corpus, written once to {@code jobDir} for the children
   * @param tokenCache where the children cache token files (the parent's cache: tokenized once)
   * @param validationTargets what each run's post-training validation perplexity covers at most
   *     ({@link TrainRun#validationTargets(int)})
   * @param heapMb each child's maximum heap
   * @param showProgress each child writes its runs' progress (step, loss, tokens/s, ETA) to its log
   */
  TrainingProcesses(Path jobDir, Corpus corpus, Path tokenCache, int validationTargets, int heapMb,
      boolean showProgress) throws IOException {
    this.jobDir = jobDir.toAbsolutePath();
    this.corpusFile = this.jobDir.resolve("corpus.json");
    this.tokenCache = tokenCache.toAbsolutePath();
    this.validationTargets = validationTargets;
    this.heapMb = heapMb;
    this.showProgress = showProgress;
    CorpusFile.write(corpus, corpusFile);
    // A rerun in the same work directory numbers on, so the earlier run's requests and logs are kept.
    this.jobs = new AtomicInteger(highestNumber(this.jobDir, "train-", ".json"));
    this.started = new AtomicInteger(highestNumber(this.jobDir, "worker-", ".log"));
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
    Files.deleteIfExists(result);
    new TrainingJob(config, corpusFile, tokenCache, validationTargets, result, showProgress).write(request);
    Child child = idle.poll();
    if (child == null) child = start();
    long logStart = Files.size(child.log);
    TrainingWorkerMain.Outcome outcome;
    try {
      outcome = child.run(request);
    } catch (IOException | RuntimeException e) {
      retire(child);
      throw new IOException(failure(name, config, "lost its JVM (" + e.getMessage() + ")", child, logStart), e);
    }
    if (outcome == TrainingWorkerMain.Outcome.FAILED) {
      retire(child);
    } else {
      idle.push(child);
    }
    return switch (outcome) {
      case OK -> Path.of(Files.readString(result, StandardCharsets.UTF_8).strip());
      case DIVERGED -> throw new TrainingDivergedException(failure(name, config, "diverged", child, logStart));
      case FAILED -> throw new IOException(failure(name, config, "failed in its JVM", child, logStart));
    };
  }

  /** What went wrong with a job, naming the child's log and quoting the job's part of it. */
  private static String failure(String name, TrainRunConfig config, String what, Child child, long logStart)
      throws IOException {
    return "training job " + name + " (" + describe(config) + ") " + what + "; log " + child.log + " ends:\n"
        + ChildLog.tail(child.log, logStart);
  }

  static String describe(TrainRunConfig c) {
    return (c.baseline() ? "baseline" : "scone, " + c.fgrams() + " f-grams, " + c.fgramLayers() + " f-gram layers")
        + ", " + c.layers() + " layers, lr " + c.training().learningRate() + ", seed " + c.seed();
  }

  /** The largest N of the files {@code prefix N suffix} in {@code dir}; 0 when there are none. */
  static int highestNumber(Path dir, String prefix, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && n.endsWith(suffix))
          .map(n -> n.substring(prefix.length(), n.length() - suffix.length()))
          .filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit) && n.length() < 10)
          .mapToInt(Integer::parseInt).max().orElse(0);
    }
  }

  private Child start() throws IOException {
    Path log = jobDir.resolve("worker-" + started.incrementAndGet() + ".log");
    ProcessBuilder builder = new ProcessBuilder(JavaCommand.forMain(TrainingWorkerMain.class.getName(), heapMb,
        List.of()))
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    JavaCommand.nativeDefaults(builder.environment());
    Child child = new Child(builder.start(), log);
    children.add(child);
    return child;
  }

  /** Ends a child that failed a job or died: the next job gets a fresh JVM. */
  private void retire(Child child) {
    children.remove(child);
    child.process.destroyForcibly();
  }

  private void killAll() {
    for (Child c : children) c.process.destroyForcibly();
  }

  /** Closes the children's stdin, so each exits after its job, and kills those still running after a while. */
  @Override
  public void close() {
    for (Child c : children) c.endInput();
    for (Child c : children) {
      try {
        if (!c.process.waitFor(10, TimeUnit.SECONDS)) c.process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        killAll();
        break;
      }
    }
    children.clear();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
  }

  /** A worker JVM: requests on its stdin, answers on its stdout, the rest in its log. */
  private static final class Child {
    final Process process;
    final Path log;
    private final Writer requests;
    private final BufferedReader answers;

    Child(Process process, Path log) {
      this.process = process;
      this.log = log;
      this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Sends one request and waits for its answer; lines that are not answers are stray output, logged. */
    TrainingWorkerMain.Outcome run(Path request) throws IOException {
      requests.write(request.toString() + "\n");
      requests.flush();
      for (String line = answers.readLine(); line != null; line = answers.readLine()) {
        if (line.startsWith(TrainingWorkerMain.ANSWER)) {
          return TrainingWorkerMain.Outcome.valueOf(line.substring(TrainingWorkerMain.ANSWER.length()).strip());
        }
        LOG.info("training child {}: {}", log.getFileName(), line);
      }
      throw new IOException("the JVM exited (code " + exitCode() + ") before answering");
    }

    private String exitCode() {
      try {
        return process.waitFor(10, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "unknown";
      }
    }

    void endInput() {
      try {
        requests.close();
      } catch (IOException e) {
        // the child is gone already
      }
    }
  }
}
