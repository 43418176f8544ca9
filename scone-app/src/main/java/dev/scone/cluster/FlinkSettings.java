package dev.scone.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The Flink configuration of a local cluster: scone's shared settings ({@code
 * docker/flink/scone-flink.yaml}, the file the compose image uses too), with only what one machine
 * needs overridden: every address 127.0.0.1, the ports chosen at start, the store's checkpoint and
 * savepoint directories, and memory sizes. Writes {@code conf/config.yaml} and a log4j2
 * configuration for the processes.
 */
final class FlinkSettings {

  /** Every Flink server binds here only. */
  static final String HOST = "127.0.0.1";
  static final String SHARED_RESOURCE = "scone-flink.yaml";

  /** Ports the JobManager listens on; TaskManagers take free ones themselves (Flink's default, port 0). */
  record Ports(int rpc, int rest, int blob) {}

  private FlinkSettings() {}

  /** The shared settings, overridden for {@code config} with {@code ports}. */
  static Map<String, String> resolve(ClusterConfig config, Ports ports) {
    Map<String, String> settings = shared();
    ClusterLayout layout = config.layout();
    settings.put("jobmanager.rpc.address", HOST);
    settings.put("jobmanager.bind-host", HOST);
    settings.put("rest.address", HOST);
    settings.put("rest.bind-address", HOST);
    settings.put("taskmanager.host", HOST);
    settings.put("taskmanager.bind-host", HOST);
    settings.put("jobmanager.rpc.port", Integer.toString(ports.rpc()));
    settings.put("rest.port", Integer.toString(ports.rest()));
    settings.put("blob.server.port", Integer.toString(ports.blob()));
    settings.put("execution.checkpointing.dir", layout.checkpoints().toUri().toString());
    settings.put("execution.checkpointing.savepoint-dir", layout.savepoints().toUri().toString());
    settings.put("jobmanager.memory.process.size", config.jobManagerMemory());
    settings.put("taskmanager.memory.process.size", config.taskManagerMemory());
    // Managed memory serves RocksDB and batch sorting, neither of which these heap-state streaming
    // jobs use: on a small TaskManager the default 40 % would leave the models little heap.
    settings.put("taskmanager.memory.managed.size", "64m");
    return settings;
  }

  /** The shared file's settings, in its order. */
  static Map<String, String> shared() {
    try (InputStream in = FlinkSettings.class.getResourceAsStream(SHARED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SHARED_RESOURCE + " is not on the classpath; rebuild scone-app (it packages"
            + " docker/flink/" + SHARED_RESOURCE + ")");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SHARED_RESOURCE, e);
    }
  }

  /** {@code key: value} lines; blank lines and {@code #} comments skipped; anything else refused. */
  static Map<String, String> parse(String text) {
    Map<String, String> settings = new LinkedHashMap<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      int colon = line.indexOf(": ");
      if (colon <= 0 || Character.isWhitespace(lines[i].charAt(0))) {
        throw new IllegalArgumentException(SHARED_RESOURCE + " line " + (i + 1) + ": expected a flat `key: value`, found '"
            + line + "'");
      }
      settings.put(line.substring(0, colon), line.substring(colon + 2).strip());
    }
    return settings;
  }

  static Configuration flinkConfiguration(Map<String, String> settings) {
    return Configuration.fromMap(settings);
  }

  /** Writes config.yaml (values single-quoted: YAML reads them as plain strings) and log4j2.properties. */
  static void write(Map<String, String> settings, ClusterLayout layout) {
    StringBuilder yaml = new StringBuilder("# Written by `scone cluster start` from scone-flink.yaml; edits are overwritten.\n");
    settings.forEach((k, v) -> yaml.append(k).append(": '").append(v.replace("'", "''")).append("'\n"));
    try {
      Files.createDirectories(layout.confDir());
      Files.writeString(layout.confDir().resolve("config.yaml"), yaml, StandardCharsets.UTF_8);
      Files.writeString(log4jConfig(layout), LOG4J2, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Flink's configuration into " + layout.confDir(), e);
    }
  }

  static Path log4jConfig(ClusterLayout layout) {
    return layout.confDir().resolve("log4j2.properties");
  }

  /** Console only: each process's stdout goes to its log file under logs/. */
  private static final String LOG4J2 = String.join("\n",
      "status=warn",
      "appender.out.type=Console",
      "appender.out.name=out",
      "appender.out.layout.type=PatternLayout",
      "appender.out.layout.pattern=%d{HH:mm:ss,SSS} %-5p %c{1} - %m%n",
      "rootLogger.level=INFO",
      "rootLogger.appenderRef.out.ref=out",
      // Kafka clients log every config dump at INFO (hundreds of lines per producer).
      "logger.kafka.name=org.apache.kafka",
      "logger.kafka.level=WARN",
      "");
}
