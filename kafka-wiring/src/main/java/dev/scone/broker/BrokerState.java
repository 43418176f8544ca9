package dev.scone.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What a started broker leaves in its data dir so that another JVM (a later {@code scone broker
 * status} or {@code stop}) can find it: the pid and the bootstrap address.
 */
record BrokerState(long pid, String bootstrapServers) {

  private static final String PID = "pid";
  private static final String BOOTSTRAP = "bootstrap.servers";

  /** Writes the state file atomically (a temp file moved over the old one). */
  void write(Path stateFile) {
    Properties props = new Properties();
    props.setProperty(PID, Long.toString(pid));
    props.setProperty(BOOTSTRAP, bootstrapServers);
    Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        props.store(out, "scone local Kafka broker");
      }
      Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write broker state file " + stateFile, e);
    }
  }

  /** The recorded state, or empty when there is no state file. */
  static Optional<BrokerState> read(Path stateFile) {
    if (!Files.isRegularFile(stateFile)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(stateFile, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read broker state file " + stateFile, e);
    }
    String pid = props.getProperty(PID);
    String bootstrap = props.getProperty(BOOTSTRAP);
    if (pid == null || bootstrap == null || !pid.matches("[0-9]+")) {
      throw new IllegalStateException(stateFile + ": expected a numeric '" + PID + "' and '" + BOOTSTRAP
          + "', found " + props + "; delete the file if no broker runs on this data dir");
    }
    return Optional.of(new BrokerState(Long.parseLong(pid), bootstrap));
  }

  static void delete(Path stateFile) {
    try {
      Files.deleteIfExists(stateFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete broker state file " + stateFile, e);
    }
  }
}
