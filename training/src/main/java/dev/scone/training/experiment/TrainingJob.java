package dev.scone.training.experiment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scone.training.run.TrainRunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a {@link TrainingProcesses} child is asked to do, as the JSON file it is started with: train
 * {@code config} on the corpus in {@code corpusFile} ({@link dev.scone.training.corpus.CorpusFile}),
 * caching token files in {@code tokenCache}, and write the published bundle's directory to
 * {@code resultFile}; with {@code showProgress}, the run's progress (step, loss, tokens/s, ETA) goes
 * to the child's log.
 */
record TrainingJob(TrainRunConfig config, Path corpusFile, Path tokenCache, Path resultFile, boolean showProgress) {

  // The bundle manifest's conventions (snake_case, every field required), so a config read back
  // equals the one written, as the store's reuse check relies on.
  private static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), this);
  }

  static TrainingJob read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), TrainingJob.class);
  }
}
