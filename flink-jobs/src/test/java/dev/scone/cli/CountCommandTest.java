package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.table.VocabularyFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CountCommandTest {

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new CountCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** The value printed after {@code label} at the start of a line. */
  private static String field(String out, String label) {
    return out.lines().filter(l -> l.startsWith(label + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no '" + label + "' line in\n" + out))
        .substring(label.length()).trim();
  }

  @Test
  void publishesConsecutiveVersionsIntoTheStoreAndPrintsWhatItPublished() throws Exception {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    Files.writeString(a, "to be or not to be, that is the question. ".repeat(6), StandardCharsets.UTF_8);
    Files.writeString(b, "to be or not to be ".repeat(4), StandardCharsets.UTF_8);
    Path store = dir.resolve("store");
    String[] args = {"--text", a.toString(), b.toString(), "--out", store.toString(), "--max-n", "3",
        "--fgrams", "10", "--min-count", "5", "--parallelism", "2"};

    Run first = run(args);
    assertEquals(0, first.exitCode(), first.err());
    assertEquals("1", field(first.out(), "version"));
    Path file = Path.of(field(first.out(), "path"));
    assertEquals(store.resolve("vocab/v000001/vocab.arrow").toAbsolutePath(), file.toAbsolutePath());
    VocabularyFile.Contents contents = VocabularyFile.read(file, field(first.out(), "sha256"));
    assertEquals(10, contents.vocabulary().size());
    assertEquals("10", field(first.out(), "|F|"));

    Run second = run(args);
    assertEquals(0, second.exitCode(), second.err());
    assertEquals("2", field(second.out(), "version"));
    VocabularyFile.Contents again = VocabularyFile.read(Path.of(field(second.out(), "path")), field(second.out(), "sha256"));
    assertTrue(contents.vocabulary().withVersion(2).sameContent(again.vocabulary()), "same input, same f-grams, next version");
  }

  @Test
  void missingInputFileIsAUsageErrorNamingTheFile() {
    Path missing = dir.resolve("nope.txt");
    Run r = run("--text", missing.toString(), "--out", dir.resolve("store").toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains(missing.toString()), r.err());
  }
}
