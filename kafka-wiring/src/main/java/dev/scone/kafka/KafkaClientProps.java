package dev.scone.kafka;

import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The client settings scone's plain Kafka clients share, in one place: every method returns a
 * new, mutable {@link Properties} holding {@code bootstrap.servers} and the settings its name
 * promises, nothing else, so a caller adds its own (linger, request sizes, timeouts) on top.
 * Flink's Kafka source and sink builders are not served here: they take the servers themselves.
 */
public final class KafkaClientProps {
  private KafkaClientProps() {}

  /** An admin client's: the servers only. */
  public static Properties admin(String bootstrap) {
    return with(new Properties(), CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
  }

  /** A producer's that waits for every in-sync replica ({@code acks=all}): a sent record is not lost with a broker. */
  public static Properties producer(String bootstrap) {
    return with(admin(bootstrap), ProducerConfig.ACKS_CONFIG, "all");
  }

  /** {@link #producer}'s plus {@code enable.idempotence=true}: a retried send is written once. */
  public static Properties idempotentProducer(String bootstrap) {
    return with(producer(bootstrap), ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
  }

  /** {@link #idempotentProducer}'s plus {@code transactional.id}: for a producer that commits what it sends atomically. */
  public static Properties transactionalProducer(String bootstrap, String transactionalId) {
    return with(idempotentProducer(bootstrap), ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
  }

  /**
   * A consumer's that sees only committed records ({@code isolation.level=read_committed}): scone's
   * writers are transactional, and an aborted or open transaction's records must not count.
   */
  public static Properties readCommitted(String bootstrap) {
    return with(admin(bootstrap), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
  }

  /**
   * {@link #readCommitted}'s plus {@code enable.auto.commit=false}: for a consumer that commits its
   * offsets itself, or keeps none (it assigns partitions and seeks).
   */
  public static Properties consumer(String bootstrap) {
    return with(readCommitted(bootstrap), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
  }

  /**
   * {@link #consumer}'s plus {@code group.id} and {@code auto.offset.reset=earliest}: a group
   * member that, where its group has committed nothing yet, reads the topic from its start.
   */
  public static Properties consumer(String bootstrap, String groupId) {
    Properties p = with(consumer(bootstrap), ConsumerConfig.GROUP_ID_CONFIG, groupId);
    return with(p, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
  }

  /** {@code p} after setting {@code key} to {@code value}: each method above adds to a narrower one's settings. */
  private static Properties with(Properties p, String key, String value) {
    p.put(key, value);
    return p;
  }
}
