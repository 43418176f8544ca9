package dev.scone.training.jvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** The end of a child JVM's log, which failure messages quote so the child's own words reach the caller. */
public final class ChildLog {

  /** How much of a log a failure message quotes: a stack trace and the line after it. */
  public static final int TAIL_CHARS = 3_000;

  private ChildLog() {}

  /** The log's last {@value #TAIL_CHARS} characters; empty when there is no log yet. */
  public static String tail(Path log) throws IOException {
    return tail(log, 0);
  }

  /**
   * The last {@value #TAIL_CHARS} characters of what was written to the log from byte {@code from}
   * on (a log several jobs append to, quoted for one of them).
   */
  public static String tail(Path log, long from) throws IOException {
    if (!Files.exists(log)) return "";
    byte[] bytes = Files.readAllBytes(log);
    int start = (int) Math.min(bytes.length, Math.max(0, from));
    String part = new String(Arrays.copyOfRange(bytes, start, bytes.length), StandardCharsets.UTF_8);
    return part.substring(Math.max(0, part.length() - TAIL_CHARS));
  }
}
