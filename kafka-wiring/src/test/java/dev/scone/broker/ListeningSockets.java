package dev.scone.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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
 * The TCP sockets a process listens on, read from Linux's /proc: the socket inodes among the
 * process's file descriptors, looked up in /proc/net/tcp and /proc/net/tcp6.
 */
final class ListeningSockets {

  private static final String LISTEN = "0A";
  private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

  private ListeningSockets() {}

  static List<InetSocketAddress> of(long pid) throws IOException {
    Map<Long, InetSocketAddress> listeners = new HashMap<>();
    readTable(Path.of("/proc/net/tcp"), listeners);
    readTable(Path.of("/proc/net/tcp6"), listeners);
    List<InetSocketAddress> result = new ArrayList<>();
    for (long inode : socketInodes(pid)) {
      InetSocketAddress address = listeners.get(inode);
      if (address != null) {
        result.add(address);
      }
    }
    return result;
  }

  private static Set<Long> socketInodes(long pid) throws IOException {
    Set<Long> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          Matcher m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            inodes.add(Long.parseLong(m.group(1)));
          }
        } catch (IOException closedMeanwhile) {
          // The descriptor was closed between listing and reading; it is no listener then.
        }
      }
    }
    return inodes;
  }

  /** Rows: "sl local_address rem_address st ... inode"; addresses are hex, 32-bit words little-endian. */
  private static void readTable(Path table, Map<Long, InetSocketAddress> listeners) throws IOException {
    if (!Files.exists(table)) {
      return;
    }
    List<String> lines = Files.readAllLines(table);
    for (String line : lines.subList(1, lines.size())) {
      String[] cols = line.trim().split("\\s+");
      if (cols[3].equals(LISTEN)) {
        String[] hostPort = cols[1].split(":");
        listeners.put(Long.parseLong(cols[9]),
            new InetSocketAddress(address(hostPort[0]), Integer.parseInt(hostPort[1], 16)));
      }
    }
  }

  private static InetAddress address(String hex) throws UnknownHostException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int from = (word * 4 + 3 - b) * 2;
        bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(from, from + 2), 16);
      }
    }
    // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) comes back as the IPv4 address.
    return InetAddress.getByAddress(bytes);
  }
}
