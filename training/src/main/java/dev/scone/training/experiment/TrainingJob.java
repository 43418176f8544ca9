package dev.scone.training.experiment;

import dev.scone.model.bundle.BundleJson;
import dev.scone.training.run.TrainRunConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a {@link TrainingProcesses} child is asked to do, as the JSON file whose path it is sent:
 * train {@code config} on the corpus in {@code corpusFile} ({@link dev.scone.training.corpus.CorpusFile}),
 * caching token files in {@code tokenCache}, its post-training validation perplexity over at most
 * {@code validationTargets} targets, and write the published bundle's directory to
 * {@code resultFile}; with {@code showProgress}, the run's progress (step, loss, tokens/s, ETA) goes
 * to the child's log. In the bundle manifest's JSON conventions ({@link BundleJson}), so a config
 * read back equals the one written, as the store's reuse check relies on.
 */
record TrainingJob(TrainRunConfig config, Path corpusFile, Path tokenCache, int validationTargets, Path resultFile,
    boolean showProgress) {

  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    BundleJson.writeFile(this, file);
  }

  static TrainingJob read(Path file) throws IOException {
    return BundleJson.readFile(file, TrainingJob.class);
  }
}
