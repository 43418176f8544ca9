package dev.scone.cli;

import dev.scone.jobs.count.BoundedPartitionCount;
import dev.scone.jobs.count.CountJobConfig;
import dev.scone.jobs.count.CountRun;
import dev.scone.jobs.count.CountingMode;
import dev.scone.jobs.count.FgramCountJob;
import dev.scone.jobs.count.PublishedVocabulary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    description = {
      "Count n-grams of the given text files (one document per file) with the Flink FgramCountJob",
      "on a local MiniCluster, select the top S f-grams and publish vocab.arrow into DIR's store."
    })
public final class CountCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--text", arity = "1..*", required = true, paramLabel = "FILE", description = "Text files, one document each.")
  List<Path> texts;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Store directory (vocabularies go to DIR/vocab/vNNNNNN).")
  Path out;

  @Mixin FgramOptions selection;

  @Option(names = "--parallelism", defaultValue = "2", description = "Parallelism of parse, tokenize and count (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--tokenizer", defaultValue = "gpt2", description = "Tokenizer (default: ${DEFAULT-VALUE}).")
  String tokenizer;

  @Option(names = "--max-document-chars", defaultValue = "" + CountJobConfig.DEFAULT_MAX_DOCUMENT_CHARS,
      description = "Longer documents are split at a line break or space (default: ${DEFAULT-VALUE}).")
  int maxDocumentChars;

  @Option(names = "--mode", defaultValue = "exact",
      description = "exact (a count per distinct n-gram) or bounded (Space-Saving, fixed memory) (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--summary-capacity", paramLabel = "M",
      description = "bounded mode: counters per subtask, m (default: 40 x --fgrams; the top S matched exact counting from 40 x S).")
  Integer summaryCapacity;

  @Override
  public Integer call() throws Exception {
    for (Path f : texts) {
      if (!Files.isRegularFile(f)) {
        throw new ParameterException(spec.commandLine(), "--text " + f + ": not a readable file");
      }
    }
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
    CountRun run = FgramCountJob.runOnFiles(texts, config);
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

  private CountJobConfig config() throws java.io.IOException {
    CountJobConfig exact = new CountJobConfig(tokenizer, selection.maxN(), selection.fgrams(), selection.minCount(), parallelism,
        maxDocumentChars, false, CountingMode.EXACT, out.toString(), FgramCountJob.sourceSha256(texts));
    switch (mode) {
      case "exact":
        return exact;
      case "bounded":
        return exact.boundedMemory(summaryCapacity != null ? summaryCapacity
            : (int) Math.min(Integer.MAX_VALUE, 40L * selection.fgrams()));
      default:
        throw new ParameterException(spec.commandLine(), "--mode " + mode + ": expected exact or bounded "
            + "(recency needs event times, which files do not have: use the Kafka job)");
    }
  }
}
