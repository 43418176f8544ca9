package dev.scone.broker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * Starts a broker JVM: writes its config, formats its storage on first use, launches
 * {@code kafka.Kafka} and waits until it answers. A start that fails kills what it launched.
 */
final class BrokerLauncher {

  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);
  private static final int LOG_TAIL_LINES = 40;

  private BrokerLauncher() {}

  /**
   * @param detached whether the broker must outlive this JVM (own session via setsid, no
   *     shutdown hook); otherwise it is stopped when this JVM exits
   */
  static LocalKafkaBroker launch(BrokerConfig config, boolean detached) {
    BrokerFiles files = new BrokerFiles(config.dataDir());
    createDirectories(files.dataDir());
    LocalKafkaBroker.attach(files.dataDir()).ifPresent(running -> {
      throw new IllegalStateException("a Kafka broker already runs on data dir " + files.dataDir() + " (pid "
          + running.pid() + ", " + running.bootstrapServers() + "); stop it first");
    });
    requireNoUnrecordedBroker(files);
    int[] ports = choosePorts(config.port());
    String bootstrap = BrokerConfig.HOST + ":" + ports[0];
    KraftConfig.write(files, ports[0], ports[1], config.autoCreateTopics());
    String classpath = BrokerClasspath.resolve();
    rotate(files.logFile(), files.previousLogFile());
    if (!files.isFormatted()) {
      format(files, classpath, Uuid.randomUuid().toString());
    }
    Process process = spawnBroker(files, classpath, config.heapMb(), detached);
    try {
      BrokerProbe.awaitStarted(process, bootstrap, config.startTimeout(), files.logFile());
      new BrokerState(process.pid(), bootstrap).write(files.stateFile());
    } catch (RuntimeException | Error e) {
      killAndWait(process);
      throw e;
    }
    return new LocalKafkaBroker(process.toHandle(), bootstrap, files, config.stopTimeout(), !detached);
  }

  /**
   * A running broker holds a file lock on {@code <storage>/.lock}: this catches one that the state
   * file does not name (deleted state file, a broker started by hand), before its config is touched.
   */
  private static void requireNoUnrecordedBroker(BrokerFiles files) {
    Path lock = files.storageDir().resolve(".lock");
    if (!Files.exists(lock)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
        FileLock free = channel.tryLock()) {
      if (free == null) {
        throw new IllegalStateException("another process holds Kafka's lock " + lock + ": a broker that "
            + files.stateFile() + " does not name runs on this data dir; stop it first");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check Kafka's lock file " + lock, e);
    }
  }

  /** [client port, controller port], distinct; the client port as configured unless 0. */
  private static int[] choosePorts(int port) {
    if (port == 0) {
      return LoopbackPorts.free(2);
    }
    if (!LoopbackPorts.isFree(port)) {
      throw new IllegalStateException("port " + port + " on " + BrokerConfig.HOST
          + " is in use; stop what holds it, or choose another port (0 picks a free one)");
    }
    int controller;
    do {
      controller = LoopbackPorts.free(1)[0];
    } while (controller == port);
    return new int[] {port, controller};
  }

  /**
   * Runs kafka.tools.StorageTool with {@code clusterId} (the same for every node of a quorum);
   * output goes to the broker log.
   */
  static void format(BrokerFiles files, String classpath, String clusterId) {
    List<String> command = javaCommand(classpath, files, 256);
    command.addAll(List.of("kafka.tools.StorageTool", "format", "--cluster-id", clusterId,
        "--config", files.serverProperties().toString()));
    Process process = spawn(command, files.logFile());
    try {
      if (!process.waitFor(FORMAT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        killAndWait(process);
        throw new IllegalStateException("formatting Kafka storage " + files.storageDir() + " took over "
            + FORMAT_TIMEOUT.toSeconds() + " s\n" + LogTail.of(files.logFile(), LOG_TAIL_LINES));
      }
    } catch (InterruptedException e) {
      killAndWait(process);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while formatting Kafka storage " + files.storageDir(), e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("formatting Kafka storage " + files.storageDir() + " failed (exit "
          + process.exitValue() + ")\n" + LogTail.of(files.logFile(), LOG_TAIL_LINES));
    }
  }

  /** Starts {@code kafka.Kafka} on the data dir's server.properties; output appended to its log. */
  static Process spawnBroker(BrokerFiles files, String classpath, int heapMb, boolean detached) {
    return spawn(brokerCommand(files, classpath, heapMb, detached), files.logFile());
  }

  private static List<String> brokerCommand(BrokerFiles files, String classpath, int heapMb, boolean detached) {
    List<String> command = new ArrayList<>();
    // A new session: the broker then survives the terminal (SIGHUP) and Ctrl-C of the shell
    // that ran `scone broker start`.
    if (detached && onPath("setsid")) {
      command.add("setsid");
    }
    command.addAll(javaCommand(classpath, files, heapMb));
    command.addAll(List.of("kafka.Kafka", files.serverProperties().toString()));
    return command;
  }

  /**
   * java from this JVM's own java.home, with the broker's classpath and logging. The classpath
   * (~4 KiB) goes in an argument file: the OS then reports a short command line, which
   * {@link LocalKafkaBroker#attach} reads whole to recognise the broker.
   */
  private static List<String> javaCommand(String classpath, BrokerFiles files, int heapMb) {
    writeArgFile(files.jvmArgFile(), classpath);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ArrayList<>(List.of(java.toString(), "-Xmx" + heapMb + "m", "-XX:+ExitOnOutOfMemoryError",
        "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + files.log4jConfig(), "@" + files.jvmArgFile()));
  }

  /** A java launcher @argfile: {@code -cp "CLASSPATH"}, quoted, backslashes and quotes escaped. */
  private static void writeArgFile(Path file, String classpath) {
    String quoted = classpath.replace("\\", "\\\\").replace("\"", "\\\"");
    try {
      Files.writeString(file, "-cp \"" + quoted + "\"\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the broker's java argument file " + file, e);
    }
  }

  private static Process spawn(List<String> command, Path logFile) {
    try {
      return new ProcessBuilder(command)
          .redirectInput(Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(logFile.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0) + " for the Kafka broker", e);
    }
  }

  static void killAndWait(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the broker data dir " + dir, e);
    }
  }

  /** Keeps the last run's log (it may explain a crash) and starts an empty one. */
  static void rotate(Path log, Path previous) {
    try {
      if (Files.exists(log)) {
        Files.move(log, previous, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.write(log, new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rotate the broker log " + log + " to " + previous, e);
    }
  }
}
