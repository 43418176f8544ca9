package dev.scone.broker;

import dev.scone.kafka.KafkaClientProps;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks a broker whether it answers: an Admin {@code describeCluster} (kafka-clients 4.2, in this
 * JVM) that returns at least one node. The broker is then ready for topics, groups and
 * transactions. Public for the commands that check, before they start work, that the broker they
 * were given answers at all.
 */
public final class BrokerProbe {

  private static final long POLL_PAUSE_MS = 100;
  private static final int LOG_TAIL_LINES = 40;

  private BrokerProbe() {}

  /** Whether the broker at {@code bootstrap} answers within {@code timeout}. */
  public static boolean answers(String bootstrap, Duration timeout) {
    Admin admin = Admin.create(adminProps(bootstrap, timeout));
    try {
      return describes(admin, timeout);
    } finally {
      admin.close(Duration.ofSeconds(1));
    }
  }

  /**
   * Waits until the freshly started {@code process} answers on {@code bootstrap}.
   *
   * @throws IllegalStateException when the process exits first or {@code timeout} passes; the
   *     message carries the tail of {@code logFile}
   */
  static void awaitStarted(Process process, String bootstrap, Duration timeout, Path logFile) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration attempt = Duration.ofSeconds(1);
    Admin admin = Admin.create(adminProps(bootstrap, attempt));
    try {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the Kafka broker (pid " + process.pid() + ") exited with code "
              + process.exitValue() + " before it answered on " + bootstrap + "\n" + LogTail.of(logFile, LOG_TAIL_LINES));
        }
        if (describes(admin, attempt)) {
          return;
        }
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("the Kafka broker (pid " + process.pid() + ") did not answer on "
              + bootstrap + " within " + timeout.toSeconds() + " s\n" + LogTail.of(logFile, LOG_TAIL_LINES));
        }
        pause();
      }
    } finally {
      admin.close(Duration.ofSeconds(1));
    }
  }

  private static boolean describes(Admin admin, Duration timeout) {
    int timeoutMs = (int) Math.max(1, timeout.toMillis());
    try {
      return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
          .nodes().get(timeoutMs + 500L, TimeUnit.MILLISECONDS).isEmpty();
    } catch (ExecutionException | TimeoutException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking the Kafka broker whether it answers", e);
    }
  }

  private static Properties adminProps(String bootstrap, Duration timeout) {
    String ms = Long.toString(Math.max(1, timeout.toMillis()));
    Properties props = KafkaClientProps.admin(bootstrap);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "scone-broker-probe");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, ms);
    props.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, ms);
    // A broker that is still starting refuses connections: retry every 50-200 ms, not up to 1 s.
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
    props.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
    return props;
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_PAUSE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker to start", e);
    }
  }
}
