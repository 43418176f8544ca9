package dev.scone.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Resident memory as Linux reports it in {@code /proc/self}: 0 where it cannot be read. */
public final class ProcessMemory {
  private ProcessMemory() {}

  /**
   * Resident bytes of this process's mappings of {@code file} ({@code Rss} in {@code
   * /proc/self/smaps}): how much of a mapped file is in memory for this process now.
   */
  public static long residentBytesOf(Path file) {
    return smapsBytesOf(file, "Rss:");
  }

  /**
   * Bytes of this process's mappings of {@code file} mapped by 2 MiB page-table entries ({@code
   * FilePmdMapped}): how much of it huge pages cover, so that a TLB entry reaches 2 MiB, not 4 KiB.
   */
  public static long hugePageMappedBytesOf(Path file) {
    return smapsBytesOf(file, "FilePmdMapped:");
  }

  /** The sum of {@code field} ("Rss:", in kB) over this process's mappings of {@code file}, in bytes. */
  private static long smapsBytesOf(Path file, String field) {
    String name = file.toAbsolutePath().normalize().toString();
    long kib = 0;
    boolean inFile = false;
    for (String line : lines(Path.of("/proc/self/smaps"))) {
      if (isMappingHeader(line)) {
        inFile = line.endsWith(" " + name);
      } else if (inFile && line.startsWith(field)) {
        kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return kib * 1024;
  }

  /** This process's resident set ({@code VmRSS}), in bytes. */
  public static long residentSetBytes() {
    return kibField(Path.of("/proc/self/status"), "VmRSS:") * 1024;
  }

  /**
   * This process's anonymous resident memory ({@code RssAnon}): heap, native and direct buffers,
   * without the pages of mapped files, which the kernel can drop at any time.
   */
  public static long anonymousResidentBytes() {
    return kibField(Path.of("/proc/self/status"), "RssAnon:") * 1024;
  }

  /** The machine's memory ({@code MemTotal} in {@code /proc/meminfo}), in bytes; 0 where unknown. */
  public static long machineMemoryBytes() {
    return kibField(Path.of("/proc/meminfo"), "MemTotal:") * 1024;
  }

  /** The number on the line of {@code file} starting with {@code key} ("VmRSS:  123 kB"), 0 if none. */
  private static long kibField(Path file, String key) {
    for (String line : lines(file)) {
      if (line.startsWith(key)) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    return 0;
  }

  /** The 1-minute load average, what each figure of a shared machine should be read with. */
  public static double loadAverage() {
    List<String> lines = lines(Path.of("/proc/loadavg"));
    return lines.isEmpty() ? Double.NaN : Double.parseDouble(lines.get(0).split(" ")[0]);
  }

  /** A mapping's first line starts with its address range, "start-end ". */
  private static boolean isMappingHeader(String line) {
    int dash = line.indexOf('-');
    int space = line.indexOf(' ');
    return dash > 0 && space > dash && line.substring(0, dash).chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }
}
