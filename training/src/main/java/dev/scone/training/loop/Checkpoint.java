package dev.scone.training.loop;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.files.FileTrees;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.training.eval.NoGrad;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A training checkpoint: one directory {@code step-NNNNNNNN/} under the run's checkpoint
 * directory, holding
 * <ul>
 *   <li>{@code config.json}: the model config ({@link ModelConfig#write});
 *   <li>{@code tensors.ndlist}: DJL's NDList encoding (bit-exact) of every parameter in block
 *       order, then AdamW's first moments, then its second moments;
 *   <li>{@code state.json}: the training config, step, optimizer update count, loss and validation
 *       history, parameter names and the tensors file's SHA-256 ({@link CheckpointState}).
 * </ul>
 * The window sampler is counter-based, so the step is its whole RNG state. A checkpoint is
 * written under a temporary name and renamed into place, so a crash leaves either the complete
 * directory or none; older checkpoints beyond the newest {@link #KEEP} are deleted after.
 */
final class Checkpoint {

  static final int KEEP = 2;
  static final String CONFIG = "config.json";
  static final String TENSORS = "tensors.ndlist";
  static final String STATE = "state.json";
  private static final String PREFIX = "step-";

  private Checkpoint() {}

  /** Writes a checkpoint of the current state into {@code dir}; returns its directory. */
  static Path write(Path dir, LanguageModel model, ModelParameters parameters, AdamW optimizer,
      TrainingConfig config, TrainingState state) throws IOException {
    Files.createDirectories(dir);
    String name = String.format("%s%08d", PREFIX, state.step);
    Path temp = dir.resolve("." + name + "."
        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
    Files.createDirectories(temp);
    try {
      model.config().write(temp.resolve(CONFIG));
      writeTensors(temp.resolve(TENSORS), parameters, optimizer);
      String sha256 = FileSha256.of(temp.resolve(TENSORS));
      CheckpointState saved =
          CheckpointState.of(config, parameters.names(), optimizer.updates(), state, sha256);
      Files.write(temp.resolve(STATE), saved.toJson());
      for (String f : List.of(CONFIG, TENSORS, STATE)) fsync(temp.resolve(f));
      Path target = dir.resolve(name);
      FileTrees.delete(target); // a checkpoint of the same step from an earlier attempt
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      prune(dir);
      return target;
    } finally {
      FileTrees.delete(temp);
    }
  }

  private static void writeTensors(Path file, ModelParameters parameters, AdamW optimizer)
      throws IOException {
    NDList all = new NDList(); // views only: closing nothing, the arrays stay with their owners
    for (int i = 0; i < parameters.size(); i++) all.add(parameters.array(i));
    all.addAll(optimizer.state());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      all.encode(out);
    }
  }

  /** The newest complete checkpoint in {@code dir}, if any. */
  static Optional<Path> latest(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return Optional.empty();
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> p.getFileName().toString().matches(PREFIX + "\\d+"))
          .filter(p -> Files.isRegularFile(p.resolve(STATE)))
          .max((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    }
  }

  /**
   * Restores parameters, optimizer state and progress from {@code checkpoint}.
   *
   * @throws IllegalArgumentException when the checkpoint does not belong to this model and
   *     config, or its tensors file is damaged
   */
  static void restore(Path checkpoint, LanguageModel model, ModelParameters parameters,
      AdamW optimizer, TrainingConfig config, TrainingState state) throws IOException {
    CheckpointState saved = CheckpointState.read(checkpoint.resolve(STATE));
    ModelConfig savedModel = ModelConfig.read(checkpoint.resolve(CONFIG));
    if (!savedModel.equals(model.config())) {
      throw new IllegalArgumentException(checkpoint + ": model config " + savedModel
          + " does not match the model being trained, " + model.config());
    }
    saved.requireCompatible(checkpoint, config, parameters.names());
    String sha256 = FileSha256.of(checkpoint.resolve(TENSORS));
    if (!sha256.equals(saved.tensorsSha256())) {
      throw new IllegalArgumentException(checkpoint.resolve(TENSORS) + ": sha256 does not match "
          + STATE + " (expected " + saved.tensorsSha256() + ", found " + sha256 + ")");
    }
    loadTensors(checkpoint.resolve(TENSORS), model, parameters, optimizer, saved.optimizerUpdates());
    saved.restoreInto(state);
  }

  private static void loadTensors(Path file, LanguageModel model, ModelParameters parameters,
      AdamW optimizer, long updates) throws IOException {
    int n = parameters.size();
    try (NDManager scope = model.djlModel().getNDManager().newSubManager();
        InputStream in = new BufferedInputStream(Files.newInputStream(file));
        NoGrad ignored = NoGrad.enter()) {
      NDList all = NDList.decode(scope, in);
      if (all.size() != 3 * n) {
        throw new IllegalArgumentException(file + " holds " + all.size() + " arrays, expected "
            + 3 * n + " (parameters, first and second moments)");
      }
      for (int i = 0; i < n; i++) ArrayCopy.into(parameters.array(i), all.get(i), scope);
      optimizer.restore(new NDList(all.subList(n, 3 * n)), updates, scope);
    }
  }

  /**
   * Deletes every checkpoint in {@code dir}, complete or half-written, then {@code dir} itself
   * when nothing else is left in it; other files are kept.
   */
  static void forget(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return;
    List<Path> checkpoints; // step-N, and .step-N.*.tmp left by a crash while writing
    try (Stream<Path> entries = Files.list(dir)) {
      checkpoints = entries.filter(p -> p.getFileName().toString().matches("\\.?" + PREFIX + "\\d+.*")).toList();
    }
    for (Path checkpoint : checkpoints) FileTrees.delete(checkpoint);
    try (Stream<Path> left = Files.list(dir)) {
      if (left.findAny().isEmpty()) Files.delete(dir);
    }
  }

  private static void fsync(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
  }

  private static void prune(Path dir) throws IOException {
    List<Path> all;
    try (Stream<Path> entries = Files.list(dir)) {
      all = entries.filter(p -> p.getFileName().toString().matches(PREFIX + "\\d+")).sorted().toList();
    }
    for (int i = 0; i < all.size() - KEEP; i++) FileTrees.delete(all.get(i));
  }
}
