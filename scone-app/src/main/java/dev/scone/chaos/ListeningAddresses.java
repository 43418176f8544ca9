package dev.scone.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local addresses a process listens on (TCP), from Linux's /proc: the socket inodes among its
 * file descriptors, looked up in {@code /proc/PID/net/tcp} and {@code tcp6}. Addresses come back
 * as hex-decoded text, e.g. {@code 127.0.0.1:9092} or {@code 0.0.0.0:6123}; IPv6 as 32 hex digits
 * with {@code 0…0} for "any" (shown as {@code [::]}).
 */
public final class ListeningAddresses {
  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");

  private ListeningAddresses() {}

  /** The addresses {@code pid} listens on, as host:port. */
  public static List<String> of(long pid) throws IOException {
    Map<Long, String> listening = new HashMap<>();
    read(Path.of("/proc", Long.toString(pid), "net", "tcp"), listening);
    read(Path.of("/proc", Long.toString(pid), "net", "tcp6"), listening);
    List<String> result = new ArrayList<>();
    for (long inode : inodes(pid)) {
      String address = listening.get(inode);
      if (address != null) result.add(address);
    }
    return result;
  }

  /** Whether {@code address} (from {@link #of}) is a loopback address. */
  public static boolean isLoopback(String address) {
    return address.startsWith("127.") || address.startsWith("[::1]") || address.startsWith("[::ffff:127.");
  }

  private static Set<Long> inodes(long pid) throws IOException {
    Set<Long> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) inodes.add(Long.parseLong(m.group(1)));
        } catch (IOException closed) {
          // closed between listing and reading: not a listener
        }
      }
    }
    return inodes;
  }

  /** Rows "sl local rem st ... inode": local is HEX_ADDR:HEX_PORT, state 0A is LISTEN. */
  private static void read(Path table, Map<Long, String> listening) throws IOException {
    if (!Files.exists(table)) return;
    List<String> lines = Files.readAllLines(table);
    for (String line : lines.subList(1, lines.size())) {
      String[] cols = line.trim().split("\\s+");
      if (!cols[3].equals("0A")) continue;
      String[] hostPort = cols[1].split(":");
      listening.put(Long.parseLong(cols[9]), host(hostPort[0]) + ":" + Integer.parseInt(hostPort[1], 16));
    }
  }

  /** IPv4: 8 hex digits, little-endian bytes. IPv6: 32 hex digits in four little-endian words. */
  private static String host(String hex) {
    if (hex.length() == 8) {
      return Integer.parseInt(hex.substring(6, 8), 16) + "." + Integer.parseInt(hex.substring(4, 6), 16) + "."
          + Integer.parseInt(hex.substring(2, 4), 16) + "." + Integer.parseInt(hex.substring(0, 2), 16);
    }
    if (hex.equals("0".repeat(32))) return "[::]";
    if (hex.equals("00000000000000000000000001000000")) return "[::1]";
    if (hex.startsWith("0000000000000000FFFF0000")) return "[::ffff:" + host(hex.substring(24)) + "]";
    return "[" + hex + "]";
  }
}
