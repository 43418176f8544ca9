package dev.scone.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics a broker lacks, with the brokers' default replication factor: 1 on the local
 * single-node broker, 3 on {@code scone cluster}'s quorum; a cluster's operator may create its
 * topics with its own settings beforehand.
 */
public final class TopicSetup {
  private TopicSetup() {}

  /**
   * Creates whichever of {@code partitionsByTopic}'s topics are missing, each with its number of
   * partitions; returns the names created (in the map's order). Topics that exist are left as
   * they are, also when another client creates one meanwhile.
   *
   * @throws IllegalStateException naming the broker when listing or creating fails
   */
  public static List<String> createMissing(String bootstrap, Map<String, Integer> partitionsByTopic) {
    return createMissing(bootstrap, partitionsByTopic, Map.of());
  }

  /**
   * As {@link #createMissing(String, Map)}, each topic created with its entry of {@code
   * configsByTopic} (topic-level settings, e.g. {@code message.timestamp.type}), if any.
   */
  public static List<String> createMissing(String bootstrap, Map<String, Integer> partitionsByTopic,
      Map<String, Map<String, String>> configsByTopic) {
    try (Admin admin = Admin.create(KafkaClientProps.admin(bootstrap))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      partitionsByTopic.forEach((name, partitions) -> {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configsByTopic.getOrDefault(name, Map.of())));
        }
      });
      try {
        admin.createTopics(missing).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) throw e;
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics " + partitionsByTopic.keySet() + " at " + bootstrap + ": "
          + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics at " + bootstrap, e);
    }
  }
}
