package dev.scone.broker;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of a broker data dir: which file holds what. Knows names only; reads and writes
 * nothing.
 */
record BrokerFiles(Path dataDir) {

  BrokerFiles {
    dataDir = dataDir.toAbsolutePath().normalize();
  }

  /** The broker's server.properties, rewritten at every start (ports may change). */
  Path serverProperties() {
    return dataDir.resolve("server.properties");
  }

  /** log4j2 configuration of the broker JVM: everything to stdout, which goes to {@link #logFile()}. */
  Path log4jConfig() {
    return dataDir.resolve("log4j2.properties");
  }

  /** The broker JVM's classpath as a java launcher @argfile. */
  Path jvmArgFile() {
    return dataDir.resolve("jvm.args");
  }

  /** stdout and stderr of the storage format and of the broker, started afresh at each start. */
  Path logFile() {
    return dataDir.resolve("broker.log");
  }

  /** The log of the start before the current one. */
  Path previousLogFile() {
    return dataDir.resolve("broker.log.1");
  }

  /** pid and bootstrap address of the running broker; present only while one runs (or crashed). */
  Path stateFile() {
    return dataDir.resolve("broker.state");
  }

  /** KRaft metadata log and topic partitions (Kafka's log.dirs). */
  Path storageDir() {
    return dataDir.resolve("kraft");
  }

  /** Whether kafka.tools.StorageTool already formatted {@link #storageDir()}. */
  boolean isFormatted() {
    return Files.isRegularFile(storageDir().resolve("meta.properties"));
  }
}
