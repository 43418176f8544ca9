package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Bad input and usage errors, one row each, run in-process through {@link SconeCli#commandLine}:
 * the exit code of the conventions and one line on stderr that says what is wrong, no stack
 * trace. Rows that need a broker point at 127.0.0.1:1, where nothing listens, with a 1 s wait.
 */
class CliErrorsTest {

  @TempDir static Path dir;
  static Path store; // stays empty: no row may leave anything in it
  static Path emptyText;
  static Path binary;
  static Path text;
  static Path oneDocument; // a --texts directory whose only document falls in the training split

  /**
   * One bad invocation.
   *
   * @param line a regular expression the single stderr line must match whole
   * @param usageAbove whether the command's usage comes first on stderr (a missing command)
   */
  record Row(List<String> args, int exitCode, String line, boolean usageAbove) {
    Row(int exitCode, String line, String... args) {
      this(List.of(args), exitCode, line, false);
    }

    @Override
    public String toString() {
      return String.join(" ", args);
    }
  }

  @BeforeAll
  static void files() throws IOException {
    store = Files.createDirectories(dir.resolve("store"));
    emptyText = Files.writeString(dir.resolve("empty.txt"), "");
    // "ab" then 0xC3 0x28: a two-byte lead whose second byte is not a continuation byte.
    binary = Files.write(dir.resolve("binary.txt"), new byte[] {'a', 'b', (byte) 0xC3, 0x28});
    text = Files.writeString(dir.resolve("text.txt"), "the state of the union", StandardCharsets.UTF_8);
    oneDocument = Files.createDirectories(dir.resolve("one-document"));
    Files.writeString(oneDocument.resolve("a.txt"), "the state of the union is strong. ".repeat(40));
  }

  static Stream<Row> rows() {
    String s = store.toString();
    String nobody = "127.0.0.1:1";
    String noBroker = "no Kafka broker answered at 127\\.0\\.0\\.1:1 within 1 s; start one with `\\./scone broker start`"
        + " or pass --bootstrap HOST:PORT of a running one";
    String cacheDir = dir.resolve("corpora").toString();
    return Stream.of(
        new Row(List.of(), CliConventions.USAGE, "scone: missing command; choose one of those above", true),
        new Row(CliConventions.USAGE, "scone: Unknown option: '--frobnicate'", "--frobnicate"),
        new Row(CliConventions.USAGE, "scone count: Unknown options: '--min-count', '2'",
            "count", "--text", text.toString(), "--store", s, "--min-count", "2"),
        new Row(CliConventions.USAGE, "scone count: Unknown options: '--fgram', '9' \\(did you mean --fgrams( or --fgram-min-count)?\\?\\)",
            "count", "--text", text.toString(), "--store", s, "--fgram", "9"),
        new Row(CliConventions.USAGE, "scone train: Invalid value for option '--corpus': unknown corpus 'nope': expected"
            + " one of sotu, moby-dick, email-ham-2, jquery-source, moment-source, lodash-source, email-2002, mix", "train", "--corpus", "nope", "--store", s),
        new Row(CliConventions.USAGE, "scone corpus fetch: unknown corpus 'nope': expected one of sotu, moby-dick, email-ham-2,"
            + " jquery-source, moment-source, lodash-source, email-2002, mix",
            "corpus", "fetch", "--cache-dir", cacheDir, "nope"),
        new Row(CliConventions.USAGE, "scone eval: --text /nonexistent\\.txt: no such file",
            "eval", "--bundle", "latest", "--store", s, "--text", "/nonexistent.txt"),
        new Row(CliConventions.USAGE, "scone eval: --text .*: is a directory, expected a text file",
            "eval", "--bundle", "latest", "--store", s, "--text", dir.toString()),
        new Row(CliConventions.USAGE, "scone eval: --text .*binary\\.txt: not UTF-8 text \\(malformed byte sequence at"
            + " byte 2\\)", "eval", "--bundle", "latest", "--store", s, "--text", binary.toString()),
        new Row(CliConventions.FAILED, "scone count-live: " + noBroker,
            "count-live", "--bootstrap", nobody, "--connect-timeout-s", "1", "--store", s),
        new Row(CliConventions.FAILED, "scone request: " + noBroker,
            "request", "--bootstrap", nobody, "--connect-timeout-s", "1", "--op", "score", "--text", "hi"),
        new Row(CliConventions.USAGE, "scone request: --op score needs --text", "request", "--op", "score"),
        new Row(CliConventions.USAGE, "scone train: --lr must be > 0, got -1\\.0", "train", "--lr", "-1", "--store", s),
        new Row(CliConventions.USAGE, "scone train: --d must be a multiple of --heads, got --d 128 and --heads 3",
            "train", "--heads", "3", "--store", s),
        new Row(CliConventions.USAGE, "scone generate: --max-tokens 100000000: at most 1024 \\(serve's limit on max_tokens\\)",
            "generate", "--bundle", "1", "--store", s, "--prompt", "the", "--max-tokens", "100000000"),
        new Row(CliConventions.USAGE, "scone experiment: --workers must be >= 0 \\(0: one per core\\), got -1",
            "experiment", "--quick", "--workers", "-1", "--work-dir", dir.resolve("experiment").toString()),
        new Row(CliConventions.USAGE, "scone serve: --table-cache-mb must be >= 0, got -1",
            "serve", "--bundle", "1", "--store", s, "--table-cache-mb", "-1"),
        new Row(CliConventions.USAGE, "scone serve: --prefetch-threads must be >= 0, got -2",
            "serve", "--bundle", "1", "--store", s, "--prefetch-threads", "-2"),
        new Row(CliConventions.USAGE, "scone generate: --top-k must be >= 0 \\(0 = off\\), got -1",
            "generate", "--bundle", "1", "--store", s, "--prompt", "the", "--top-k", "-1"),
        new Row(CliConventions.USAGE, "scone generate: --bundle 9: no version 9 in the store .* \\(published: \\[\\]\\)",
            "generate", "--bundle", "9", "--store", s, "--prompt", "the"),
        new Row(CliConventions.FAILED, "scone count: no f-gram reached --fgram-min-count 5 in the given text; nothing"
            + " published", "count", "--text", emptyText.toString(), "--store", s),
        new Row(CliConventions.FAILED, "scone train: a stream of 0 positions cannot hold a window of 16 inputs and 1"
            + " target", "train", "--texts", oneDocument.toString(), "--store", s,
            "--token-cache", dir.resolve("tokens").toString(), "--layers", "1", "--d", "16", "--heads", "2",
            "--context", "16", "--steps", "2", "--batch", "2", "--warmup", "1", "--eval-every", "0", "--fgrams", "5",
            "--fgram-min-count", "1", "--vocab-min-count", "1", "--threads", "1", "--no-progress"));
  }

  @ParameterizedTest(name = "scone {0}")
  @MethodSource("rows")
  void badInputEndsInOneLineAndTheConventionsExitCode(Row row) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = SconeCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

    int exitCode = cli.execute(row.args().toArray(String[]::new));

    List<String> lines = err.toString().lines().toList();
    if (row.usageAbove()) {
      String usage = SconeCli.commandLine().getUsageMessage();
      assertTrue(err.toString().startsWith(usage), err.toString());
      lines = err.toString().substring(usage.length()).lines().toList();
    }
    assertEquals(1, lines.size(), "one line on stderr, no stack trace:\n" + err);
    assertTrue(lines.get(0).matches(row.line()), "'" + lines.get(0) + "' does not match " + row.line());
    assertEquals(row.exitCode(), exitCode, err.toString());
    try (Stream<Path> left = Files.list(store)) {
      assertEquals(List.of(), left.toList(), "a refused or failed command leaves the store as it was");
    }
  }
}
