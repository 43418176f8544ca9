package dev.scone.progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How progress is shown on stderr: a bar redrawn in place on a terminal, plain lines every few
 * seconds anywhere else (a log file, a pipe, a container's log), or nothing. {@code
 * SCONE_PROGRESS=bars|lines|off} overrides the choice.
 */
enum ProgressMode {
  BARS,
  LINES,
  OFF;

  static final String VARIABLE = "SCONE_PROGRESS";

  static ProgressMode fromEnvironment() {
    return resolve(System.getenv(VARIABLE), stderrIsTerminal());
  }

  /** The mode {@code setting} (the variable's value, null when unset) asks for, else the detected one. */
  static ProgressMode resolve(String setting, boolean stderrIsTerminal) {
    if (setting == null || setting.isBlank()) return stderrIsTerminal ? BARS : LINES;
    try {
      return valueOf(setting.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(VARIABLE + "=" + setting + " is not a progress mode: set lines, bars or off"
          + " (or unset it: bars on a terminal, lines otherwise)", e);
    }
  }

  /**
   * Whether file descriptor 2 is a terminal. {@code System.console()} answers for stdin and stdout,
   * not stderr ({@code scone train 2> log} has a console), so on Linux this reads what fd 2 points
   * at; elsewhere the console is the best guess.
   */
  static boolean stderrIsTerminal() {
    Path fd2 = Path.of("/proc/self/fd/2");
    if (!Files.isSymbolicLink(fd2)) return System.console() != null;
    try {
      String target = Files.readSymbolicLink(fd2).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | SecurityException e) {
      return System.console() != null;
    }
  }
}
