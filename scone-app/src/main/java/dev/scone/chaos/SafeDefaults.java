package dev.scone.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that the processes of a local scone listen on loopback addresses only: what each of
 * them listens on, and which of those addresses are reachable from other machines.
 */
public final class SafeDefaults {
  /** What one process listens on, and the addresses among them that are not loopback (must be none). */
  public record Listening(String process, long pid, List<String> addresses, List<String> exposed) {
    public String line() {
      return String.format("%-16s %s: %s (pid %d) listens on %s", "bind address", exposed.isEmpty() ? "PASS" : "FAIL", process,
          pid, addresses.isEmpty() ? "nothing" : String.join(", ", addresses));
    }
  }

  private SafeDefaults() {}

  public static Listening of(String process, long pid) throws IOException {
    List<String> addresses = ListeningAddresses.of(pid);
    List<String> exposed = new ArrayList<>();
    for (String a : addresses) if (!ListeningAddresses.isLoopback(a)) exposed.add(a);
    return new Listening(process, pid, addresses, exposed);
  }
}
