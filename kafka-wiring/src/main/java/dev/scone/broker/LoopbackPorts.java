package dev.scone.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free TCP ports on {@link BrokerConfig#HOST}. */
public final class LoopbackPorts {

  private LoopbackPorts() {}

  /**
   * {@code count} distinct ports that were free a moment ago. All sockets are held open until
   * every port is chosen, so the ports differ; another process may still take one before the
   * broker binds it, which then fails with "Address already in use" in the broker log.
   */
  public static int[] free(int count) {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0, 1, host());
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a server socket on " + BrokerConfig.HOST, e);
    } finally {
      for (ServerSocket socket : sockets) {
        closeQuietly(socket);
      }
    }
  }

  /** Whether {@code port} can be bound on the loopback address right now. */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static InetAddress host() throws IOException {
    return InetAddress.getByName(BrokerConfig.HOST);
  }

  private static void closeQuietly(ServerSocket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing a socket we only bound to learn its port; nothing to recover.
    }
  }
}
