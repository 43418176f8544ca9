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
 * @param frozenLayers the warm-start retrain keeps the input side and this many lower blocks
 *     frozen, >= 0 (0: trains everything; capped at the model's layers). Frozen layers let
 *     {@code rescore} recycle stored activations across the retrain.
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
    Duration maxPollInterval,
    int frozenLayers) {

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
    if (frozenLayers < 0) throw new IllegalArgumentException("frozenLayers must be >= 0, got " + frozenLayers);
    if (scoreBatch < 1) throw new IllegalArgumentException("scoreBatch must be >= 1, got " + scoreBatch);
    // A warm start begins with a fresh optimizer: at the full rate at once, its first updates
    // (no second-moment estimate yet) jolt trained weights.
    if (retraining.warmupSteps() < 1) {
      throw new IllegalArgumentException("the warm-start retrain needs warm-up steps (>= 1), got 0");
    }
  }

  private static void requireText(String key, String value) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(key + " is required");
  }

  /**
   * Refresh only (no retraining), the default topics, group {@code scone-trainer}, gate "not
   * worse", scoring 8 windows at a time, warm-start defaults of 200 steps at 3e-4.
   */
  public static TrainerConfig defaults(String bootstrap, Path store, Path heldOut) {
    return new Builder(bootstrap, store, heldOut).build();
  }

  public TrainerConfig withTopics(String vocab, String tables) {
    return toBuilder().topics(vocab, tables).build();
  }

  public TrainerConfig withGroup(String group, String transactional) {
    return toBuilder().group(group, transactional).build();
  }

  public TrainerConfig withGate(double gain) {
    return toBuilder().minRelativeGain(gain).build();
  }

  /** Retraining on {@code text} every {@code versions} vocabularies / {@code interval} / at {@code newShare}. */
  public TrainerConfig withRetraining(Path text, int versions, Duration interval, double newShare,
      TrainingConfig training) {
    return toBuilder().retraining(text, versions, interval, newShare, training).build();
  }

  /** Warm-start retrains keep the input side and the lower {@code layers} blocks frozen. */
  public TrainerConfig withFrozenLayers(int layers) {
    return toBuilder().frozenLayers(layers).build();
  }

  private Builder toBuilder() {
    return new Builder(this);
  }

  /** Sets some knobs and keeps the rest; {@link #build} validates them all at once. */
  private static final class Builder {
    private final String bootstrap;
    private String vocabTopic = "scone.vocab";
    private String tablesTopic = "scone.tables";
    private String groupId = "scone-trainer";
    private String transactionalId = "scone-trainer-1";
    private final Path store;
    private final Path heldOut;
    private Path recentText;
    private int retrainEveryVersions;
    private Duration retrainInterval;
    private double retrainNewFgramShare = 2.0;
    private double minRelativeGain;
    private int scoreBatch = 8;
    private TrainingConfig retraining = TrainingConfig.builder().steps(200).learningRate(3e-4).minLearningRate(3e-5)
        .warmupSteps(20).evaluation(0, TrainingConfig.defaults().evalBatches()).checkpointEvery(0).build();
    private Duration maxPollInterval = Duration.ofHours(24);
    private int frozenLayers;

    private Builder(String bootstrap, Path store, Path heldOut) {
      this.bootstrap = bootstrap;
      this.store = store;
      this.heldOut = heldOut;
    }

    private Builder(TrainerConfig c) {
      this(c.bootstrap, c.store, c.heldOut);
      topics(c.vocabTopic, c.tablesTopic);
      group(c.groupId, c.transactionalId);
      retraining(c.recentText, c.retrainEveryVersions, c.retrainInterval, c.retrainNewFgramShare, c.retraining);
      minRelativeGain = c.minRelativeGain;
      scoreBatch = c.scoreBatch;
      maxPollInterval = c.maxPollInterval;
      frozenLayers = c.frozenLayers;
    }

    Builder frozenLayers(int layers) {
      frozenLayers = layers;
      return this;
    }

    Builder topics(String vocab, String tables) {
      vocabTopic = vocab;
      tablesTopic = tables;
      return this;
    }

    Builder group(String group, String transactional) {
      groupId = group;
      transactionalId = transactional;
      return this;
    }

    Builder minRelativeGain(double gain) {
      minRelativeGain = gain;
      return this;
    }

    Builder retraining(Path text, int versions, Duration interval, double newShare, TrainingConfig training) {
      recentText = text;
      retrainEveryVersions = versions;
      retrainInterval = interval;
      retrainNewFgramShare = newShare;
      retraining = training;
      return this;
    }

    TrainerConfig build() {
      return new TrainerConfig(bootstrap, vocabTopic, tablesTopic, groupId, transactionalId, store, heldOut,
          recentText, retrainEveryVersions, retrainInterval, retrainNewFgramShare, minRelativeGain, scoreBatch,
          retraining, maxPollInterval, frozenLayers);
    }
  }

  /** Whether any retrain trigger is set (and there is text to retrain on). */
  public boolean retrains() {
    return recentText != null && (retrainEveryVersions > 0 || retrainInterval != null || retrainNewFgramShare <= 1);
  }
}
