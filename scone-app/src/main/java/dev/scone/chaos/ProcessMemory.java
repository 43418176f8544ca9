package dev.scone.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** A process's resident memory as Linux reports it in /proc/PID/status. */
final class ProcessMemory {
  private ProcessMemory() {}

  /** VmRSS in bytes, or empty when the process is gone or /proc is not Linux's. */
  static OptionalLong rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          // "VmRSS:     123456 kB"
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}
