package dev.scone.cli;

import dev.scone.jobs.count.BoundedPartitionCount;
import dev.scone.jobs.count.CountJobConfig;
import dev.scone.jobs.count.CountRun;
import dev.scone.jobs.count.CountingMode;
import dev.scone.jobs.count.FgramCountJob;
import dev.scone.jobs.count.NothingSelectedException;
import dev.scone.jobs.count.PublishedVocabulary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code scone count}: the streaming f-gram count job, run bounded over text files in-process. */
@Command(
    name = "count",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Count the f-grams of text files with the Flink count job.",
      "Counts n-grams of the given text files (one document per file) with the Flink FgramCountJob on a "
          + "local MiniCluster, selects the top S f-grams and publishes vocab.arrow into the store. Publishes "
          + "nothing, and fails, when no n-gram occurs --fgram-min-count times."
    })
public final class CountCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--text", arity = "1..*", required = true, paramLabel = "FILE", description = "Text files (UTF-8), one document each.")
  List<Path> texts;

  @Mixin StoreOption store;

  @Mixin FgramOptions selection;

  @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of parse, tokenize and count.")
  int parallelism;

  @Option(names = "--tokenizer", defaultValue = "gpt2", description = "Tokenizer.")
  String tokenizer;

  @Option(names = "--max-document-chars", defaultValue = "" + CountJobConfig.DEFAULT_MAX_DOCUMENT_CHARS,
      description = "Longer documents are split at a line break or space.")
  int maxDocumentChars;

  @Option(names = "--mode", defaultValue = "exact",
      description = "exact (a count per distinct n-gram) or bounded (Space-Saving, fixed memory).")
  String mode;

  @Option(names = "--summary-capacity", paramLabel = "M",
      description = "bounded mode: counters per subtask, m (the top S matched exact counting from 40 x S)."
          + " Default: 40 x --fgrams.")
  Integer summaryCapacity;

  @Override
  public Integer call() throws Exception {
    // Checked here, strictly: the job skips a record it cannot decode, and would count the rest.
    for (Path f : texts) TextArguments.check(spec, "--text", f);
    PrintWriter stdout = spec.commandLine().getOut();
    CountJobConfig config = config();
    stdout.printf("scone count: %d files, n-grams of length 2..%d, top %,d f-grams seen >= %d times, "
        + "%s counting at parallelism %d, documents split above %,d chars%n",
        texts.size(), selection.maxN(), selection.fgrams(), selection.minCount(), config.mode().name().toLowerCase(),
        parallelism, maxDocumentChars);
    if (config.mode() == CountingMode.BOUNDED) {
      stdout.printf("bounded memory: m = %,d counters per subtask, at most %,d B each: <= %.1f MiB per subtask%n",
          config.summaryCapacity(), BoundedPartitionCount.BYTES_PER_COUNTER_MAX,
          (double) config.summaryCapacity() * BoundedPartitionCount.BYTES_PER_COUNTER_MAX / (1 << 20));
    }
    CountRun run;
    try {
      run = FgramCountJob.runOnFiles(texts, config);
    } catch (NothingSelectedException e) {
      throw new IllegalStateException("no f-gram reached --fgram-min-count " + e.minCount()
          + " in the given text; nothing published", e);
    }
    PublishedVocabulary p = run.published();
    stdout.printf("%-10s %d%n", "version", p.version);
    stdout.printf("%-10s %s%n", "path", p.path);
    stdout.printf("%-10s %s%n", "sha256", p.sha256);
    stdout.printf("%-10s %,d%n", "|F|", p.fgrams);
    if (config.mode() == CountingMode.BOUNDED) {
      stdout.printf("%-10s counts are lower bounds, at most %,d below the true count (N_s/m)%n", "error", p.countErrorBound);
    }
    stdout.printf("%-10s %,d bad records skipped, %,d extra pieces from split documents%n", "records",
        run.badRecords(), run.splitPieces());
    stdout.flush();
    return 0;
  }

  /** The options each field of {@link CountJobConfig} comes from, for its validation messages (count-live's too). */
  static final Map<String, String> OPTIONS = Map.of("maxN", "--max-n", "fgrams", "--fgrams",
      "minCount", "--fgram-min-count", "parallelism", "--parallelism", "maxDocumentChars", "--max-document-chars",
      "counters per subtask", "counters per subtask (--summary-capacity)", "a half-life", "--half-life-ms");

  private CountJobConfig config() throws java.io.IOException {
    String sourceSha256 = FgramCountJob.sourceSha256(texts);
    CountJobConfig exact = OptionNames.build(spec, OPTIONS, () -> new CountJobConfig(tokenizer, selection.maxN(),
        selection.fgrams(), selection.minCount(), parallelism, maxDocumentChars, false, CountingMode.EXACT,
        store.root().toString(), sourceSha256));
    switch (mode) {
      case "exact":
        return exact;
      case "bounded":
        return OptionNames.build(spec, OPTIONS, () -> exact.boundedMemory(summaryCapacity != null ? summaryCapacity
            : (int) Math.min(Integer.MAX_VALUE, 40L * selection.fgrams())));
      default:
        throw new ParameterException(spec.commandLine(), "--mode " + mode + ": expected exact or bounded "
            + "(recency needs event times, which files do not have: use the Kafka job)");
    }
  }
}
