package dev.scone.cluster;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What a started cluster records so that a later {@code scone cluster status} or {@code stop} (in
 * another JVM) finds exactly the processes it started: the Flink pids, the REST port and the Kafka
 * bootstrap address. TaskManagers keep their index for life; one started later gets the next.
 *
 * @param taskManagerPids the pid of TaskManager {@code i + 1} at index {@code i}, dead ones included
 */
public record ClusterState(long jobManagerPid, int restPort, List<Long> taskManagerPids, String bootstrapServers) {

  public ClusterState {
    taskManagerPids = List.copyOf(taskManagerPids);
  }

  public String restAddress() {
    return FlinkSettings.HOST + ":" + restPort;
  }

  ClusterState withTaskManager(long pid) {
    List<Long> pids = new ArrayList<>(taskManagerPids);
    pids.add(pid);
    return new ClusterState(jobManagerPid, restPort, pids, bootstrapServers);
  }

  /** Writes the state file atomically (a temp file moved over the old one). */
  void write(Path file) {
    Properties p = new Properties();
    p.setProperty("jobmanager.pid", Long.toString(jobManagerPid));
    p.setProperty("rest.port", Integer.toString(restPort));
    p.setProperty("kafka.bootstrap", bootstrapServers);
    p.setProperty("taskmanagers", Integer.toString(taskManagerPids.size()));
    for (int i = 0; i < taskManagerPids.size(); i++) p.setProperty("taskmanager." + (i + 1) + ".pid", taskManagerPids.get(i).toString());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(out, "scone local cluster: the processes `scone cluster start` started");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cluster state file " + file, e);
    }
  }

  /** The recorded state, or empty when there is no state file (no cluster was started there, or it was stopped). */
  static Optional<ClusterState> read(Path file) {
    if (!Files.isRegularFile(file)) return Optional.empty();
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cluster state file " + file, e);
    }
    try {
      List<Long> tms = new ArrayList<>();
      int n = Integer.parseInt(p.getProperty("taskmanagers"));
      for (int i = 1; i <= n; i++) tms.add(Long.parseLong(p.getProperty("taskmanager." + i + ".pid")));
      return Optional.of(new ClusterState(Long.parseLong(p.getProperty("jobmanager.pid")),
          Integer.parseInt(p.getProperty("rest.port")), tms, p.getProperty("kafka.bootstrap")));
    } catch (RuntimeException e) {
      throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "); stop the processes it named by hand"
          + " and delete it", e);
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the cluster state file " + file, e);
    }
  }
}
