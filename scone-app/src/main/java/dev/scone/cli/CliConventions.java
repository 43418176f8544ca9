package dev.scone.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every scone command ends (bench's too): its exit code, and on failure one line on stderr,
 * {@code <command>: <what is wrong>}, never a stack trace (that goes to the log at DEBUG). Commands
 * throw; the handlers {@link #applyTo} installs turn what they throw into the line and the code:
 *
 * <ul>
 *   <li>{@value #OK}: the work was done.
 *   <li>{@value #FAILED}: the work itself failed (a broker that does not answer, a training that
 *       broke, an input with nothing to count).
 *   <li>{@value #USAGE}: the arguments are wrong (unknown option, bad value, unknown corpus, a file
 *       that does not exist): picocli's {@link ParameterException}, also thrown by a command that
 *       finds a bad argument only when it looks at it.
 *   <li>{@value #INTERRUPTED}: stopped by Ctrl-C (128 + SIGINT, what shells report).
 * </ul>
 *
 * A command that answers a question may add its own codes above 2, named in its help ({@code
 * broker status}: not running; {@code request}: no answer in time).
 */
public final class CliConventions {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int INTERRUPTED = 130;

  private static final Logger LOG = LoggerFactory.getLogger(CliConventions.class);

  private CliConventions() {}

  /** Installs the handlers on {@code cli} and its subcommands; returns it. */
  public static CommandLine applyTo(CommandLine cli) {
    cli.setParameterExceptionHandler(CliConventions::usageError);
    cli.setExecutionExceptionHandler(CliConventions::failure);
    return cli;
  }

  /**
   * What a command with subcommands does when none is given: its usage on stderr, then the error
   * line, and {@value #USAGE}.
   */
  public static int missingCommand(CommandSpec spec) {
    PrintWriter err = spec.commandLine().getErr();
    spec.commandLine().usage(err);
    err.println(spec.qualifiedName() + ": missing command; choose one of those above");
    err.flush();
    return USAGE;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    String suggestions = "";
    if (e instanceof UnmatchedArgumentException unmatched) {
      List<String> possible = unmatched.getSuggestions();
      if (!possible.isEmpty()) suggestions = " (did you mean " + String.join(" or ", possible) + "?)";
    }
    return print(cli, oneLine(e.getMessage()) + suggestions, USAGE);
  }

  private static int failure(Exception e, CommandLine cli, ParseResult parsed) {
    LOG.debug("{} failed", cli.getCommandSpec().qualifiedName(), e);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException) return print(cli, "interrupted", INTERRUPTED);
    }
    return print(cli, oneLine(message(e)), FAILED);
  }

  private static int print(CommandLine cli, String line, int exitCode) {
    cli.getErr().println(cli.getCommandSpec().qualifiedName() + ": " + line);
    cli.getErr().flush();
    return exitCode;
  }

  /**
   * The message that says what went wrong: wrappers (ExecutionException, a message that only
   * repeats its cause) are looked through; file system errors get their reason in words.
   */
  static String message(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t instanceof ExecutionException || t instanceof CompletionException
        || t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
      t = t.getCause();
    }
    if (t instanceof FileSystemException f && f.getReason() == null) return f.getFile() + ": " + reason(f);
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  private static String reason(FileSystemException f) {
    if (f instanceof NoSuchFileException) return "no such file or directory";
    if (f instanceof AccessDeniedException) return "permission denied";
    if (f instanceof FileAlreadyExistsException) return "already exists";
    return f.getClass().getSimpleName();
  }

  /** The first line of {@code message}: the line that says what is wrong; what follows goes to the log. */
  static String oneLine(String message) {
    String first = message.strip().lines().findFirst().orElse("");
    return first.isEmpty() ? "failed" : first;
  }
}
