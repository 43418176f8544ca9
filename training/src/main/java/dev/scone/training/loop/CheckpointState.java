package dev.scone.training.loop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A checkpoint's {@code state.json}: everything but the tensors. Losses of skipped steps are
 * NaN or inf, written as the strings "NaN" / "Infinity".
 */
record CheckpointState(String format, int formatVersion, TrainingConfig trainingConfig,
    List<String> parameters, long optimizerUpdates, int step, long tokens, double seconds,
    double trainSeconds, int skippedSteps, int consecutiveSkipped, List<Double> losses,
    List<ValidationPoint> validations, String tensorsSha256) {

  static final String FORMAT = "scone.checkpoint";
  static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  static CheckpointState of(TrainingConfig config, List<String> parameters, long updates,
      TrainingState s, String tensorsSha256) {
    return new CheckpointState(FORMAT, FORMAT_VERSION, config, List.copyOf(parameters), updates,
        s.step, s.tokens, s.seconds, s.trainSeconds, s.skippedSteps, s.consecutiveSkipped,
        List.copyOf(s.losses), List.copyOf(s.validations), tensorsSha256);
  }

  byte[] toJson() throws JsonProcessingException {
    return JSON.writeValueAsBytes(this);
  }

  /** Reads and checks the format; errors name the file. */
  static CheckpointState read(Path file) throws IOException {
    CheckpointState s;
    try {
      s = JSON.readValue(Files.readAllBytes(file), CheckpointState.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not a checkpoint state: " + e.getOriginalMessage(), e);
    }
    if (!FORMAT.equals(s.format) || s.formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException(file + ": expected format " + FORMAT + " version "
          + FORMAT_VERSION + ", found " + s.format + " version " + s.formatVersion);
    }
    return s;
  }

  /**
   * Refuses to resume under a different training config (all fields but threads and
   * checkpointEvery must match: anything else would change the run) or parameter layout.
   */
  void requireCompatible(Path checkpoint, TrainingConfig config, List<String> names) {
    if (!trainingConfig.withResumableFieldsOf(config).equals(config)) {
      throw new IllegalArgumentException(checkpoint + ": the run was trained with " + trainingConfig
          + "; resuming needs the same config (only threads and checkpointEvery may differ), got "
          + config);
    }
    if (!parameters.equals(names)) {
      throw new IllegalArgumentException(checkpoint + ": parameters " + parameters
          + " do not match the model's " + names);
    }
  }

  void restoreInto(TrainingState s) {
    s.step = step;
    s.tokens = tokens;
    s.seconds = seconds;
    s.trainSeconds = trainSeconds;
    s.skippedSteps = skippedSteps;
    s.consecutiveSkipped = consecutiveSkipped;
    s.losses.clear();
    s.losses.addAll(losses);
    s.validations.clear();
    s.validations.addAll(validations);
  }
}
