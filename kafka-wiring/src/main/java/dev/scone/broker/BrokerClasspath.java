package dev.scone.broker;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The classpath of the broker JVM: the jars of {@code org.apache.kafka:kafka_2.13} as resolved by
 * the {@code local-kafka} module, which writes them to {@code local-kafka/target/classpath.txt}
 * at {@code package}. These jars never join the CLI's or the tests' classpath (kafka-clients 4.3
 * would break the Flink connector, which needs 4.2).
 *
 * <p>When the file is missing, older than the module's pom, or names a jar that is gone, this
 * class builds it by running Maven on that module and says so on stderr.
 */
final class BrokerClasspath {

  static final String MODULE = "local-kafka";
  /** Overrides where the project root (the directory holding local-kafka/pom.xml) is. */
  static final String ROOT_PROPERTY = "scone.root";
  private static final long BUILD_TIMEOUT_MINUTES = 10;

  private BrokerClasspath() {}

  /** The broker classpath, built first if needed; a path-separator-joined list of jars. */
  static String resolve() {
    Path root = projectRoot();
    Path file = root.resolve(MODULE).resolve("target").resolve("classpath.txt");
    Optional<String> reason = staleReason(file, root.resolve(MODULE).resolve("pom.xml"));
    if (reason.isPresent()) {
      build(root, file, reason.get());
      reason = staleReason(file, root.resolve(MODULE).resolve("pom.xml"));
      if (reason.isPresent()) {
        throw new IllegalStateException("built " + MODULE + " but its classpath is still unusable: " + reason.get());
      }
    }
    return readText(file).strip();
  }

  /**
   * The directory that holds {@code local-kafka/pom.xml}: the {@value #ROOT_PROPERTY} system
   * property, else the nearest such ancestor of this class's jar or classes directory, else of the
   * working directory.
   */
  static Path projectRoot() {
    String override = System.getProperty(ROOT_PROPERTY);
    if (override != null) {
      Path root = Path.of(override).toAbsolutePath();
      if (!isRoot(root)) {
        throw new IllegalStateException("-D" + ROOT_PROPERTY + "=" + override + " has no "
            + MODULE + "/pom.xml; expected the scone project root");
      }
      return root;
    }
    List<Path> starts = new ArrayList<>();
    codeLocation().ifPresent(starts::add);
    starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath());
    for (Path start : starts) {
      for (Path dir = start; dir != null; dir = dir.getParent()) {
        if (isRoot(dir)) {
          return dir;
        }
      }
    }
    throw new IllegalStateException("cannot find the scone project root (a directory with " + MODULE
        + "/pom.xml) above " + starts + "; run from the project or pass -D" + ROOT_PROPERTY + "=DIR");
  }

  private static boolean isRoot(Path dir) {
    return Files.isRegularFile(dir.resolve(MODULE).resolve("pom.xml"));
  }

  private static Optional<Path> codeLocation() {
    CodeSource source = BrokerClasspath.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath());
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Why {@code file} cannot be used as it is, or empty when it can. */
  static Optional<String> staleReason(Path file, Path modulePom) {
    if (!Files.isRegularFile(file)) {
      return Optional.of(file + " does not exist");
    }
    try {
      if (Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(modulePom)) < 0) {
        return Optional.of(file + " is older than " + modulePom);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the modification time of " + file + " or " + modulePom, e);
    }
    String classpath = readText(file).strip();
    if (!classpath.contains("kafka_2.13-")) {
      return Optional.of(file + " names no kafka_2.13 jar");
    }
    for (String jar : classpath.split(File.pathSeparator)) {
      if (!Files.isRegularFile(Path.of(jar))) {
        return Optional.of(file + " names " + jar + ", which does not exist");
      }
    }
    return Optional.empty();
  }

  private static void build(Path root, Path file, String reason) {
    List<String> command = List.of("mvn", "-B", "-ntp", "-q", "-f", root.resolve("pom.xml").toString(),
        "-pl", MODULE, "package");
    System.err.println("scone: the Kafka broker's classpath is not usable (" + reason + ");\n"
        + "scone: building it with: " + String.join(" ", command)
        + "\nscone: (the first time this needs network to resolve org.apache.kafka:kafka_2.13)");
    try {
      Path output = Files.createTempFile("scone-local-kafka-build", ".log");
      try {
        Process maven = new ProcessBuilder(command).directory(root.toFile())
            .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!maven.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
          maven.destroyForcibly();
          throw new IllegalStateException("building " + file + " took over " + BUILD_TIMEOUT_MINUTES
              + " minutes; run by hand: " + String.join(" ", command));
        }
        if (maven.exitValue() != 0) {
          throw new IllegalStateException("building " + file + " failed (mvn exit " + maven.exitValue()
              + "); run by hand: " + String.join(" ", command) + "\n" + LogTail.of(output, 40));
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run Maven (mvn) to build " + file
          + "; is Maven on PATH? Or run by hand: " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building " + file, e);
    }
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
