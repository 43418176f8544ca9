package dev.scone.training.loop;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.training.data.TokenStream;
import dev.scone.training.data.WindowBatch;
import dev.scone.training.eval.Perplexity;
import dev.scone.training.eval.PerplexityResult;
import dev.scone.training.eval.ValidationWindows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front door of training, the same for the baseline and SCONE (the streams decide: a SCONE
 * stream reads f-gram rows and needs a model with an f-gram model, a baseline stream a model
 * without):
 *
 * <pre>
 * try (LanguageModel model = LanguageModel.create(modelConfig, Devices.preferred());
 *     TrainingLoop loop = new TrainingLoop(model, config, train, validation)) {
 *   loop.checkpointTo(dir).showProgress(true);
 *   loop.resumeLatest();                // continues a run that was interrupted, if any
 *   TrainingReport report = loop.run();
 *   model.save(bundleDir);
 * }</pre>
 *
 * <p>Each step draws B windows of T+1 tokens ({@link WindowSampler}, seeded by (seed, step)),
 * runs a {@link TrainingStep} at the {@link LearningRateSchedule}'s rate, validates every
 * {@code evalEvery} steps on evenly spaced held-out windows ({@link ValidationWindows}) and
 * checkpoints every {@code checkpointEvery} steps and at the end, also when {@link #stopWhen}
 * stops it early. Same seed, same loss curve; a run resumed from a checkpoint reaches the same
 * parameters as an uninterrupted one.
 *
 * <p>The caller owns the model; the loop owns the optimizer state ({@link #close()}). Not
 * thread-safe, and one loop per process at a time (PyTorch has one gradient recorder).
 * Process-wide side effects: {@code threads > 0} sets PyTorch's intra-op thread count, and a
 * model with dropout reseeds the engine's generator before every step (from (seed, step), so
 * dropout masks are reproduced on resume).
 */
public final class TrainingLoop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

  private final LanguageModel model;
  private final TrainingConfig config;
  private final TokenStream train;
  private final TokenStream validation; // null: no validation
  private final ModelParameters parameters;
  private final AdamW optimizer;
  private final TrainingStep trainingStep;
  private final WindowSampler sampler;
  private final LearningRateSchedule schedule;
  private final int[] validationStarts;
  private final TrainingState state = new TrainingState();
  private Path checkpointDir;
  private Path lastCheckpoint; // written or restored; null: none yet
  private boolean showProgress;
  private BooleanSupplier stopRequested = () -> false;

  /**
   * @param validation held-out stream for periodic validation, or null for none
   * @throws IllegalArgumentException when the streams do not fit the model or the config
   */
  public TrainingLoop(LanguageModel model, TrainingConfig config, TokenStream train,
      TokenStream validation) {
    this.model = Objects.requireNonNull(model, "model");
    this.config = Objects.requireNonNull(config, "config");
    this.train = Objects.requireNonNull(train, "train");
    this.validation = validation;
    requireFits(model, config, train, "training");
    if (validation != null) requireFits(model, config, validation, "validation");
    sampler = new WindowSampler(config.seed(), train.size(), config.seqLen(), config.batchSize());
    schedule = LearningRateSchedule.of(config);
    validationStarts = validation == null ? new int[0] : ValidationWindows.evenlySpaced(
        validation.size(), config.seqLen(), config.evalBatches() * config.batchSize());
    parameters = new ModelParameters(model);
    optimizer = new AdamW(parameters.arrays(), parameters.decayFlags(),
        parameters.learningRateScales(config.fgramLearningRateScale()), config.beta1(), config.beta2(),
        config.epsilon(), model.djlModel().getNDManager());
    trainingStep = new TrainingStep(model, parameters, optimizer, config);
  }

  private static void requireFits(LanguageModel model, TrainingConfig config, TokenStream stream,
      String what) {
    int context = model.config().contextLength();
    if (config.seqLen() > context) {
      throw new IllegalArgumentException(
          "seqLen " + config.seqLen() + " exceeds the model's context of " + context);
    }
    if (stream.vocabSize() != model.config().vocabSize()) {
      throw new IllegalArgumentException("the " + what + " stream has V=" + stream.vocabSize()
          + " but the model has vocabSize " + model.config().vocabSize()
          + "; build the model with ModelVocabulary.size()");
    }
    if (stream.readsFgrams() != model.config().hasFgramModel()) {
      throw new IllegalArgumentException("the " + what + " stream "
          + (stream.readsFgrams() ? "reads f-gram rows" : "reads no f-gram rows")
          + " but the model has fgramLayers = " + model.config().fgramLayers()
          + "; SCONE needs both, the baseline neither");
    }
  }

  /** Checkpoints go to (and {@link #resumeLatest()} reads from) {@code dir}; null for none. */
  public TrainingLoop checkpointTo(Path dir) {
    this.checkpointDir = dir;
    return this;
  }

  /** Whether {@link #run} draws a progress bar on stderr (default false). */
  public TrainingLoop showProgress(boolean show) {
    this.showProgress = show;
    return this;
  }

  /**
   * {@link #run} polls {@code stop} before every step (cheap, from the training thread) and, once
   * it says true, ends as {@link StopReason#INTERRUPTED}: validates and checkpoints like a pause,
   * so a signal handler can stop training between native calls instead of exiting inside one.
   * {@code stop} is the one part of the loop another thread may change (a volatile flag).
   */
  public TrainingLoop stopWhen(BooleanSupplier stop) {
    this.stopRequested = Objects.requireNonNull(stop, "stop");
    return this;
  }

  /** Steps completed so far. */
  public int step() {
    return state.step;
  }

  /** The newest checkpoint this loop wrote or resumed from, if any. */
  public Optional<Path> lastCheckpoint() {
    return Optional.ofNullable(lastCheckpoint);
  }

  /** The newest complete checkpoint in {@code dir}, the one {@link #resumeLatest} would restore. */
  public static Optional<Path> latestCheckpoint(Path dir) {
    try {
      return Checkpoint.latest(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints in " + dir, e);
    }
  }

  /**
   * Deletes the checkpoints in {@code dir} (and {@code dir}, when nothing else is in it), so that
   * a loop checkpointing there starts from step 0.
   */
  public static void forgetCheckpoints(Path dir) {
    try {
      Checkpoint.forget(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the checkpoints in " + dir, e);
    }
  }

  /**
   * Restores parameters, optimizer state and progress from the newest checkpoint in the
   * checkpoint directory, if there is one.
   *
   * @return the checkpoint restored, or empty when there was none
   * @throws IllegalArgumentException when it belongs to another model or training config
   */
  public Optional<Path> resumeLatest() {
    if (checkpointDir == null) throw new IllegalStateException("no checkpoint directory set");
    Optional<Path> latest = latestCheckpoint(checkpointDir);
    if (latest.isEmpty()) return latest;
    try {
      Checkpoint.restore(latest.get(), model, parameters, optimizer, config, state);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resume from " + latest.get(), e);
    }
    lastCheckpoint = latest.get();
    LOG.info("resumed from {} at step {}", lastCheckpoint, state.step);
    return latest;
  }

  /** Trains until all configured steps are done (or the run stops early). */
  public TrainingReport run() {
    return run(config.steps());
  }

  /**
   * Trains until {@code stopStep} steps are done (at most the configured steps), then validates
   * and checkpoints; a later call, or a new loop that resumes, continues from there. Stopped by
   * {@link #stopWhen} before its first step, it returns at once: nothing new to validate or keep.
   */
  public TrainingReport run(int stopStep) {
    int until = Math.min(stopStep, config.steps());
    if (config.threads() > 0) {
      Engine.getInstance(); // loads the native library first
      JniUtils.setNumThreads(config.threads());
    } else {
      Devices.configureCpuThreads(1); // one model: every core, unless OMP_NUM_THREADS says otherwise
    }
    long started = System.nanoTime();
    double secondsBefore = state.seconds;
    int stepBefore = state.step;
    LOG.info("training from step {} to {} of {}", stepBefore, until, config.steps());
    StopReason reason = null;
    try (ProgressDisplay progress = ProgressDisplay.of(showProgress, config.steps(), state)) {
      while (state.step < until && reason == null) {
        if (stopRequested.getAsBoolean()) {
          reason = StopReason.INTERRUPTED;
          break;
        }
        StepResult result = trainOneStep();
        state.seconds = secondsBefore + (System.nanoTime() - started) / 1e9;
        progress.update(state, result.loss());
        reason = afterStep(result);
      }
    }
    if (reason == null) reason = state.step >= config.steps() ? StopReason.COMPLETED : StopReason.PAUSED;
    if (reason == StopReason.INTERRUPTED && state.step == stepBefore) return state.report(reason);
    boolean healthy = reason != StopReason.NON_FINITE && reason != StopReason.DIVERGED;
    if (validation != null && lastValidatedStep() != state.step) validate();
    // A broken state is not checkpointed: resuming should start from the last good one.
    if (checkpointDir != null && healthy) checkpoint();
    state.seconds = secondsBefore + (System.nanoTime() - started) / 1e9;
    return state.report(reason);
  }

  private StepResult trainOneStep() {
    long t0 = System.nanoTime();
    int s = state.step;
    if (model.config().dropout() > 0) Engine.getInstance().setRandomSeed(sampler.engineSeed(s));
    WindowBatch batch = train.batch(sampler.starts(s), config.seqLen());
    StepResult result = trainingStep.run(batch, schedule.at(s));
    state.record(result, config.tokensPerStep(), (System.nanoTime() - t0) / 1e9);
    if (!result.applied()) {
      // One line per skipped step; which parameters held the NaN/inf is logged at DEBUG (TrainingStep).
      LOG.warn("step {} skipped: loss {}, gradient norm {} ({} in a row)", s, result.loss(),
          result.gradientNorm(), state.consecutiveSkipped);
    }
    return result;
  }

  /** Periodic validation and checkpoints; the reason to stop, or null to go on. */
  private StopReason afterStep(StepResult result) {
    if (state.consecutiveSkipped >= config.maxNonFiniteSteps()) {
      LOG.error("stopping: {} consecutive steps had a non-finite loss or gradient",
          state.consecutiveSkipped);
      return StopReason.NON_FINITE;
    }
    boolean diverged = false;
    if (validation != null && config.evalEvery() > 0 && state.step % config.evalEvery() == 0) {
      double best = state.bestValidationNll();
      ValidationPoint point = validate();
      diverged = point.meanNll() > best + config.divergenceNats() || !Double.isFinite(point.meanNll());
      if (diverged) {
        LOG.error("stopping: validation loss {} nats exceeds the best {} by more than {}",
            point.meanNll(), best, config.divergenceNats());
      }
    }
    if (checkpointDir != null && config.checkpointEvery() > 0
        && state.step % config.checkpointEvery() == 0 && state.step < config.steps()) {
      checkpoint();
    }
    return diverged ? StopReason.DIVERGED : null;
  }

  private int lastValidatedStep() {
    ValidationPoint last = state.lastValidation();
    return last == null ? -1 : last.step();
  }

  private ValidationPoint validate() {
    PerplexityResult r = Perplexity.ofWindows(
        model, validation, validationStarts, config.seqLen(), config.batchSize());
    ValidationPoint point = new ValidationPoint(state.step, r.meanNll(), r.perplexity());
    state.validations.add(point);
    // A sample of the validation split (evalBatches x batchSize windows), not the whole split that a
    // run's summary reports: named so, the two figures are not mistaken for one.
    LOG.info("step {}: sampled validation ({} windows) loss {} nats, perplexity {}", state.step,
        validationStarts.length, r.meanNll(), r.perplexity());
    return point;
  }

  private void checkpoint() {
    try {
      lastCheckpoint = Checkpoint.write(checkpointDir, model, parameters, optimizer, config, state);
      LOG.info("checkpoint {}", lastCheckpoint);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a checkpoint to " + checkpointDir, e);
    }
  }

  @Override
  public void close() {
    optimizer.close();
  }
}
