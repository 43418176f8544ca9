package dev.scone.jobs.serve;

import dev.scone.kafka.TopicSetup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creates the serving topics a broker lacks (replication factor 1, as the local broker has one node). */
public final class ServeTopicsSetup {
  private ServeTopicsSetup() {}

  /**
   * Creates whichever of {@code topics} are missing; requests with {@code requestPartitions}
   * partitions (the most useful parallelism), the others with one. Returns the names created. The
   * requests topic stamps records with the broker's append time, so how long a request has waited
   * (the serving job's admission limit) does not depend on the producer's clock.
   *
   * @throws IllegalStateException naming the broker when creation fails
   */
  public static List<String> createMissing(String bootstrap, ServeTopics topics, int requestPartitions) {
    Map<String, Integer> partitions = new LinkedHashMap<>();
    partitions.put(topics.requests(), requestPartitions);
    partitions.putIfAbsent(topics.responses(), 1);
    partitions.putIfAbsent(topics.deadLetters(), 1);
    partitions.putIfAbsent(topics.tables(), 1);
    return TopicSetup.createMissing(bootstrap, partitions,
        Map.of(topics.requests(), Map.of("message.timestamp.type", "LogAppendTime")));
  }
}
