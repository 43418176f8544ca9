package dev.scone.serving;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the serving topics a broker lacks (replication factor 1, as the local broker has one node). */
public final class ServeTopicsSetup {
  private ServeTopicsSetup() {}

  /**
   * Creates whichever of {@code topics} are missing; requests with {@code requestPartitions}
   * partitions (the most useful parallelism), the others with one. Returns the names created.
   *
   * @throws IllegalStateException naming the broker and topic when creation fails
   */
  public static List<String> createMissing(String bootstrap, ServeTopics topics, int requestPartitions) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (String t : new LinkedHashSet<>(List.of(topics.requests(), topics.responses(), topics.deadLetters(), topics.tables()))) {
        if (!existing.contains(t)) missing.add(new NewTopic(t, t.equals(topics.requests()) ? requestPartitions : 1, (short) 1));
      }
      try {
        admin.createTopics(missing).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) throw e; // created meanwhile by someone else
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create the serving topics at " + bootstrap + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics at " + bootstrap, e);
    }
  }
}
