package dev.scone.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log file, for error messages. */
final class LogTail {

  private LogTail() {}

  /**
   * The last {@code lines} lines of {@code file} under a heading naming it, or a sentence saying
   * why there are none. Reads the whole file: broker logs here are a few hundred KiB per start.
   */
  static String of(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "(no log: " + file + " does not exist)";
      }
      // Decoding leniently: a JVM crash can leave bytes that are not UTF-8.
      List<String> all = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n"));
      List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
      return "--- last " + tail.size() + " lines of " + file + " ---\n" + String.join("\n", tail);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
