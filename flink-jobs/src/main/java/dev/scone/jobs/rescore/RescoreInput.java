package dev.scone.jobs.rescore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where a rescore reads its documents: JSONL files or a bounded range of a Kafka topic. */
public sealed interface RescoreInput {

  /**
   * Local JSONL files, one {@code {"id","text"}} object per line, read in order.
   *
   * @param files at least one
   */
  record JsonlFiles(List<Path> files) implements RescoreInput {
    public JsonlFiles {
      if (files == null || files.isEmpty()) throw new IllegalArgumentException("no input files; expected at least one JSONL file");
      files = List.copyOf(files);
    }
  }

  /**
   * The records of {@code topic} from {@code startOffsets} (partition to first offset; an empty
   * map, or a partition it does not name: the earliest offset) up to {@code endOffsets}
   * (partition to the offset after the last record; empty: the end offsets when the job starts).
   * Record values are {@code {"id","text"}} JSON; the key is the id when the value has none.
   */
  record KafkaRange(String bootstrapServers, String topic, Map<Integer, Long> startOffsets,
      Map<Integer, Long> endOffsets) implements RescoreInput {
    public KafkaRange {
      if (bootstrapServers == null || bootstrapServers.isBlank()) throw new IllegalArgumentException("bootstrap servers are required");
      if (topic == null || topic.isBlank()) throw new IllegalArgumentException("an input topic is required");
      startOffsets = Map.copyOf(startOffsets);
      endOffsets = Map.copyOf(endOffsets);
    }

    /** The whole topic as it is when the job starts: earliest to the current end. */
    public static KafkaRange whole(String bootstrapServers, String topic) {
      return new KafkaRange(bootstrapServers, topic, Map.of(), Map.of());
    }
  }
}
