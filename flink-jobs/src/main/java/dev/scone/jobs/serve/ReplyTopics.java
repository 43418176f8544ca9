package dev.scone.jobs.serve;

import dev.scone.kafka.KafkaClientProps;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * Whether a {@code reply_to} topic exists. An answer to a topic that does not exist (with topic
 * auto-creation off) would fail the transactional sink, and the replayed request would fail it
 * again after every restart: such requests are refused at parsing instead. Topics seen once are
 * trusted from then on; the broker's topic list is re-read at most once per {@code refreshMs} for
 * names not seen yet. Not thread-safe (one per subtask); close it.
 */
final class ReplyTopics implements AutoCloseable {
  private final Admin admin;
  private final long refreshMs;
  private final Set<String> known = new HashSet<>();
  private long lastRefresh = Long.MIN_VALUE / 2;

  ReplyTopics(String bootstrapServers, long refreshMs) {
    this.admin = Admin.create(KafkaClientProps.admin(bootstrapServers));
    this.refreshMs = refreshMs;
  }

  /**
   * @throws IllegalStateException when the broker does not list its topics within 30 s (the
   *     job fails and retries rather than refusing requests it cannot judge)
   */
  boolean exists(String topic) {
    if (known.contains(topic)) return true;
    long now = System.currentTimeMillis();
    if (now - lastRefresh >= refreshMs) {
      lastRefresh = now;
      try {
        known.addAll(admin.listTopics().names().get(30, TimeUnit.SECONDS));
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("cannot list the broker's topics to check a reply_to header: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while listing topics", e);
      }
    }
    return known.contains(topic);
  }

  @Override
  public void close() {
    admin.close();
  }
}
