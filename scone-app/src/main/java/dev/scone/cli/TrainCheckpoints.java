package dev.scone.cli;

import dev.scone.training.loop.TrainingLoop;
import dev.scone.training.run.TrainRunConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where {@code scone train} keeps its checkpoints, so that running the same command again after
 * Ctrl-C (or a crash) resumes instead of starting over: {@code --checkpoint-dir DIR} as given, else
 * {@code <store>/checkpoints/train-<fingerprint>}, the fingerprint a short hash of the run's
 * config and the {@code --texts} directory. Options that do not change the trained model
 * ({@code --threads}, {@code --checkpoint-every}, {@code --progress}, {@code --token-cache}) are
 * left out of it, as the checkpoint's own compatibility check leaves them out.
 *
 * <p>The default directory is the command's private state: deleted once the run has published its
 * bundle, so the next identical command trains afresh rather than publishing the same model
 * again. A directory given with {@code --checkpoint-dir} is the user's, and kept.
 *
 * @param dir the checkpoint directory
 * @param isDefault whether {@code dir} was chosen here rather than given
 */
record TrainCheckpoints(Path dir, boolean isDefault) {

  private static final int FINGERPRINT_HEX_DIGITS = 12; // 48 bits: no collisions among one store's runs

  /** {@code given} when not null, else the default for {@code config} trained on {@code texts} (null: a catalog corpus). */
  static TrainCheckpoints of(Path given, TrainRunConfig config, Path texts) {
    if (given != null) return new TrainCheckpoints(given, false);
    Path dir = config.store().resolve("checkpoints").resolve("train-" + fingerprint(config, texts));
    return new TrainCheckpoints(dir, true);
  }

  /**
   * Hex digits of the SHA-256 of the config (its resumable knobs zeroed, its paths absolute) and
   * {@code texts}. Of the config's record text, not its JSON: JSON writes a path as a URI, which
   * ends in '/' once the directory exists, and the store is created by the first run.
   */
  static String fingerprint(TrainRunConfig config, Path texts) {
    TrainRunConfig model = config.withTraining(config.training().withThreads(0).withCheckpointEvery(0)).toBuilder()
        .store(absolute(config.store())).build();
    String identity = model + "\n" + (texts == null ? "" : absolute(texts));
    try {
      byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256).substring(0, FINGERPRINT_HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }

  /** The checkpoint this run resumes from, if any. */
  Optional<Path> latest() {
    return TrainingLoop.latestCheckpoint(dir);
  }

  /** Deletes the checkpoints in {@link #dir} ({@code --fresh}): training starts from step 0. */
  void forget() {
    TrainingLoop.forgetCheckpoints(dir);
  }

  /** After the bundle is published: the default directory has served its purpose. */
  void onPublished() {
    if (isDefault) forget();
  }
}
