package dev.scone.jobs.rescore;

import java.nio.file.Path;

/** Where a rescore writes its lines ({@link ScoreLine}), exactly once per input document. */
public sealed interface RescoreOutput {

  /**
   * One local JSONL file, written when the job has finished (parts are committed on checkpoints
   * into {@code FILE.parts/} and merged, see {@link PartFiles}); an existing file is replaced.
   */
  record JsonlFile(Path file) implements RescoreOutput {
    public JsonlFile {
      if (file == null) throw new IllegalArgumentException("an output file is required");
      file = file.toAbsolutePath();
    }

    /** Where the parts are committed while the job runs. */
    public Path partsDir() {
      return file.resolveSibling(file.getFileName() + ".parts");
    }
  }

  /** A Kafka topic, exactly-once (transactions; read it with {@code isolation.level=read_committed}); key = id. */
  record KafkaTopic(String bootstrapServers, String topic) implements RescoreOutput {
    public KafkaTopic {
      if (bootstrapServers == null || bootstrapServers.isBlank()) throw new IllegalArgumentException("bootstrap servers are required");
      if (topic == null || topic.isBlank()) throw new IllegalArgumentException("an output topic is required");
    }
  }
}
