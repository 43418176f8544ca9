package dev.scone.bench;

import dev.scone.bench.count.CountStreamBench;
import dev.scone.bench.fgram.BenchResult;
import dev.scone.cli.CorpusName;
import dev.scone.cli.FgramOptions;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Document;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scone bench count-stream}: the Flink counting job reading a corpus from a local Kafka
 * broker vs the single-process batch counter, side by side in one run.
 */
@Command(name = "count-stream", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {
      "The Flink counting job vs the batch counter.",
      "Tokens/s of the Flink counting job (Kafka source, bounded) vs NgramCounter + FgramSelector "
          + "on one thread over the same documents; the published vocabulary must equal the batch selection. "
          + "Starts its own Kafka broker in a temp directory."
    })
public final class CountStreamBenchCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Also print the result as one JSON object on the last line.")
  boolean json;

  @Option(names = "--corpus", defaultValue = CorpusName.DEFAULT, converter = CorpusName.class,
      description = "Corpus whose documents are counted: " + CorpusName.ACCEPTED + ".")
  String corpus;

  @Mixin FgramOptions selection;

  @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism and partitions.")
  int parallelism;

  @Option(names = "--repetitions", defaultValue = "3", description = "Alternating Flink/batch pairs, median reported.")
  int repetitions;

  @Override
  public Integer call() throws Exception {
    List<String> texts = Corpora.load(corpus).documents().stream().map(Document::text).toList();
    BenchResult result = CountStreamBench.run(texts, new CountStreamBench.Config(selection.maxN(), selection.fgrams(),
        selection.minCount(), parallelism, repetitions));
    System.out.print(result.toTable());
    if (json) System.out.println(result.toJson());
    return 0;
  }
}
