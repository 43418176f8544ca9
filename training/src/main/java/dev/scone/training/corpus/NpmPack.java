package dev.scone.training.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Downloads an npm package's tarball with {@code npm pack NAME@VERSION --pack-destination DIR},
 * in a child process whose environment is this JVM's plus the given overrides (for example
 * {@code npm_config_registry}). Immutable and thread-safe; each call starts its own process.
 */
public final class NpmPack {

  private final String npmCommand;
  private final Map<String, String> environment;
  private final Duration timeout;

  /** {@code npm} from PATH, the inherited environment, at most 10 minutes per call. */
  public NpmPack() {
    this(defaultCommand(), Map.of(), Duration.ofMinutes(10));
  }

  /**
   * @param npmCommand the npm executable, a name looked up on PATH or a path
   * @param environment variables added to (or replacing) the inherited environment
   * @param timeout how long one npm call may run before it is killed
   */
  public NpmPack(String npmCommand, Map<String, String> environment, Duration timeout) {
    this.npmCommand = Objects.requireNonNull(npmCommand, "npmCommand");
    this.environment = Map.copyOf(environment);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Packs {@code packageSpec} ({@code name@version}) into {@code destination} (created if
   * missing) and returns the tarball's path.
   *
   * @throws CorpusFetchException when npm is missing, fails (the message carries npm's own error
   *     lines and the registry URL), times out, or writes no tarball
   */
  public Path pack(String packageSpec, Path destination) throws IOException {
    Files.createDirectories(destination);
    NpmProcess.Result result = run(destination,
        List.of("pack", packageSpec, "--pack-destination", destination.toString()));
    if (result.exitCode() != 0) {
      throw new CorpusFetchException("npm pack " + packageSpec + " failed (exit "
          + result.exitCode() + ") against registry " + registry(destination) + ": "
          + NpmProcess.errorSummary(result.stderr())
          + ". Check that the registry is reachable and has this version,"
          + " or point npm at another one (npm config set registry URL).");
    }
    String fileName = NpmProcess.lastLine(result.stdout());
    Path tarball = destination.resolve(fileName);
    if (fileName.isEmpty() || !fileName.endsWith(".tgz") || !Files.isRegularFile(tarball)) {
      throw new CorpusFetchException("npm pack " + packageSpec + ": expected a .tgz file name on "
          + "stdout and that file in " + destination + ", found '" + fileName + "'");
    }
    return tarball;
  }

  /** The registry URL npm uses with this environment ({@code npm config get registry}). */
  public String registry(Path workDir) {
    try {
      NpmProcess.Result result = run(workDir, List.of("config", "get", "registry"));
      String url = NpmProcess.lastLine(result.stdout());
      return result.exitCode() == 0 && !url.isEmpty()
          ? url
          : "(unknown: npm config get registry failed)";
    } catch (IOException e) {
      return "(unknown: " + e.getMessage() + ")";
    }
  }

  private NpmProcess.Result run(Path workDir, List<String> arguments) throws IOException {
    return NpmProcess.run(npmCommand, arguments, environment, workDir, timeout);
  }

  private static String defaultCommand() {
    return System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm";
  }
}
