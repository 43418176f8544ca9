package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.vocab.VocabularyFile;
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
    CommandLine cli = CliConventions.applyTo(new CommandLine(new CountCommand()));
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
    String[] args = {"--text", a.toString(), b.toString(), "--store", store.toString(), "--max-n", "3",
        "--fgrams", "10", "--fgram-min-count", "5", "--parallelism", "2"};

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
  void boundedModePrintsItsMemoryPlanAndTheErrorBoundAndPublishesTheSameVocabularyHere() throws Exception {
    Path a = dir.resolve("a.txt");
    Files.writeString(a, "to be or not to be, that is the question. ".repeat(6), StandardCharsets.UTF_8);
    String[] common = {"--text", a.toString(), "--max-n", "3", "--fgrams", "5", "--fgram-min-count", "2", "--parallelism", "2"};
    Run exact = run(concat(common, "--store", dir.resolve("exact").toString()));
    Run bounded = run(concat(common, "--store", dir.resolve("bounded").toString(), "--mode", "bounded"));
    assertEquals(0, bounded.exitCode(), bounded.err());
    assertTrue(bounded.out().contains("m = 200 counters per subtask"), bounded.out());
    assertEquals("counts are lower bounds, at most 0 below the true count (N_s/m)", field(bounded.out(), "error"),
        "fewer distinct n-grams than counters: exact");
    VocabularyFile.Contents e = VocabularyFile.read(Path.of(field(exact.out(), "path")));
    VocabularyFile.Contents b = VocabularyFile.read(Path.of(field(bounded.out(), "path")));
    assertTrue(e.vocabulary().sameContent(b.vocabulary()));
  }

  @Test
  void recencyModeOnFilesIsAUsageErrorSayingWhy() throws Exception {
    Path a = dir.resolve("a.txt");
    Files.writeString(a, "to be or not to be", StandardCharsets.UTF_8);
    Run r = run("--text", a.toString(), "--store", dir.resolve("store").toString(), "--mode", "recency");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("event times"), r.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void missingInputFileIsAUsageErrorNamingTheFile() {
    Path missing = dir.resolve("nope.txt");
    Run r = run("--text", missing.toString(), "--store", dir.resolve("store").toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains(missing.toString()), r.err());
  }
}
