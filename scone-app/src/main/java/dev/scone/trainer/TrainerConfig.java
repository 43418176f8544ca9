package dev.scone.trainer;

import dev.scone.training.loop.TrainingConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Every knob of the {@link TrainerService}. Immutable.
 *
 * @param bootstrap Kafka bootstrap servers, {@code host:port[,...]}
 * @param vocabTopic where vocabulary announcements arrive ({@code scone.vocab})
 * @param tablesTopic where accepted bundles are announced ({@code scone.tables})
 * @param groupId the consumer group; offsets are committed in the announcing transaction
 * @param transactionalId the producer's transactional id; a restarted trainer with the same id
 *     fences the old one
 * @param store the store root: vocabularies under {@code vocab/}, bundles under {@code bundles/},
 *     the trainer's own state under {@code trainer/}
 * @param heldOut a directory of {@code .txt} files (one document each) the gate scores on
 * @param recentText a directory of {@code .txt} files the retrain path trains on, or null (no retraining)
 * @param retrainEveryVersions retrain after this many handled vocabulary versions, 0 for never
 * @param retrainInterval retrain when this long has passed since the last retrain, null for never
 * @param retrainNewFgramShare retrain when at least this share of a new vocabulary's f-grams is
 *     new to the current bundle, in (0, 1]; above 1 for never
 * @param minRelativeGain the {@link dev.scone.training.refresh.QualityGate}'s setting (0: not worse)
 * @param scoreBatch windows per forward pass when scoring held-out text
 * @param retraining the warm-start training run's knobs
 * @param maxPollInterval how long one announcement's work may take before the group drops the
 *     consumer (a retrain can take hours)
 */
public record TrainerConfig(
    String bootstrap,
    String vocabTopic,
    String tablesTopic,
    String groupId,
    String transactionalId,
    Path store,
    Path heldOut,
    Path recentText,
    int retrainEveryVersions,
    Duration retrainInterval,
    double retrainNewFgramShare,
    double minRelativeGain,
    int scoreBatch,
    TrainingConfig retraining,
    Duration maxPollInterval) {

  public TrainerConfig {
    requireText("bootstrap", bootstrap);
    requireText("vocabTopic", vocabTopic);
    requireText("tablesTopic", tablesTopic);
    requireText("groupId", groupId);
    requireText("transactionalId", transactionalId);
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(heldOut, "heldOut");
    Objects.requireNonNull(retraining, "retraining");
    Objects.requireNonNull(maxPollInterval, "maxPollInterval");
    if (retrainEveryVersions < 0) {
      throw new IllegalArgumentException("retrainEveryVersions must be >= 0, got " + retrainEveryVersions);
    }
    if (retrainInterval != null && (retrainInterval.isNegative() || retrainInterval.isZero())) {
      throw new IllegalArgumentException("retrainInterval must be positive or null, got " + retrainInterval);
    }
    if (!(retrainNewFgramShare > 0)) {
      throw new IllegalArgumentException("retrainNewFgramShare must be > 0, got " + retrainNewFgramShare);
    }
    if (scoreBatch < 1) throw new IllegalArgumentException("scoreBatch must be >= 1, got " + scoreBatch);
  }

  private static void requireText(String key, String value) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(key + " is required");
  }

  /**
   * Refresh only (no retraining), the default topics, group {@code scone-trainer}, gate "not
   * worse", scoring 8 windows at a time, warm-start defaults of 200 steps at 3e-4.
   */
  public static TrainerConfig defaults(String bootstrap, Path store, Path heldOut) {
    TrainingConfig warm = TrainingConfig.builder().steps(200).learningRate(3e-4).minLearningRate(3e-5).warmupSteps(20)
        .evaluation(0, TrainingConfig.defaults().evalBatches()).checkpointEvery(0).build();
    return new TrainerConfig(bootstrap, "scone.vocab", "scone.tables", "scone-trainer", "scone-trainer-1", store,
        heldOut, null, 0, null, 2.0, 0.0, 8, warm, Duration.ofHours(24));
  }

  public TrainerConfig withTopics(String vocab, String tables) {
    return new TrainerConfig(bootstrap, vocab, tables, groupId, transactionalId, store, heldOut, recentText,
        retrainEveryVersions, retrainInterval, retrainNewFgramShare, minRelativeGain, scoreBatch, retraining,
        maxPollInterval);
  }

  public TrainerConfig withGroup(String group, String transactional) {
    return new TrainerConfig(bootstrap, vocabTopic, tablesTopic, group, transactional, store, heldOut, recentText,
        retrainEveryVersions, retrainInterval, retrainNewFgramShare, minRelativeGain, scoreBatch, retraining,
        maxPollInterval);
  }

  public TrainerConfig withGate(double gain) {
    return new TrainerConfig(bootstrap, vocabTopic, tablesTopic, groupId, transactionalId, store, heldOut, recentText,
        retrainEveryVersions, retrainInterval, retrainNewFgramShare, gain, scoreBatch, retraining, maxPollInterval);
  }

  /** Retraining on {@code text} every {@code versions} vocabularies / {@code interval} / at {@code newShare}. */
  public TrainerConfig withRetraining(Path text, int versions, Duration interval, double newShare,
      TrainingConfig training) {
    return new TrainerConfig(bootstrap, vocabTopic, tablesTopic, groupId, transactionalId, store, heldOut, text,
        versions, interval, newShare, minRelativeGain, scoreBatch, training, maxPollInterval);
  }

  /** Whether any retrain trigger is set (and there is text to retrain on). */
  public boolean retrains() {
    return recentText != null && (retrainEveryVersions > 0 || retrainInterval != null || retrainNewFgramShare <= 1);
  }
}
