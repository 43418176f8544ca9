package dev.scone.bench;

import dev.scone.bench.recycle.RecycleBench;
import dev.scone.cli.CorpusName;
import dev.scone.cli.FgramOptions;
import dev.scone.cli.SeedOption;
import dev.scone.cli.ThreadsOption;
import dev.scone.training.corpus.Corpora;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scone bench recycle}: re-scoring after a retrain that froze the lower half of the layers,
 * recycled activations vs full re-scoring, side by side in one run ({@link RecycleBench}).
 */
@Command(name = "recycle", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {
      "Re-scoring with recycled activations vs full re-scoring.",
      "Trains a base SCONE model on the first half of the corpus's training split, warm-start retrains it on the "
          + "second half with the lower half of the layers frozen (and, for comparison, with every layer training), "
          + "then re-scores the first test documents with the retrained bundle: from the base bundle's stored "
          + "layer-k activations (upper layers only) vs from scratch. Reports the speedup, the speedup the frozen "
          + "share of FLOPs allows, the perplexity both ways and the two retrains' held-out perplexity and time."
    })
public final class RecycleBenchCommand implements Callable<Integer> {

  @Mixin BenchCommand.Output output;

  @Option(names = "--corpus", defaultValue = CorpusName.DEFAULT, converter = CorpusName.class,
      description = "Corpus trained on and re-scored: " + CorpusName.ACCEPTED + ".")
  String corpus;

  @Mixin FgramOptions selection;

  @Mixin SeedOption seed;

  @Mixin ThreadsOption threads;

  @Option(names = "--layers", defaultValue = "4", description = "Main model layers (the lower half is frozen).")
  int layers;

  @Option(names = "--d-model", defaultValue = "128", description = "Model width d.")
  int dModel;

  @Option(names = "--context", defaultValue = "128", description = "Context length (training windows and scoring).")
  int context;

  @Option(names = "--base-steps", defaultValue = "100", description = "Training steps of the base model.")
  int baseSteps;

  @Option(names = "--retrain-steps", defaultValue = "50", description = "Steps of each warm-start retrain.")
  int retrainSteps;

  @Option(names = "--documents", defaultValue = "8", description = "Test documents re-scored.")
  int documents;

  @Option(names = "--document-tokens", defaultValue = "1024", description = "Each re-scored document's first N tokens.")
  int documentTokens;

  @Option(names = "--runs", defaultValue = "4", description = "Full/recycled pairs in ABBA order, median reported.")
  int runs;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Scratch directory (a temporary store and recycle directory, deleted after). Default: <scone cache>/bench.")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    threads.configure();
    RecycleBench.Config config = new RecycleBench.Config(corpus, layers, dModel, 4, context, selection.maxN(),
        selection.fgrams(), selection.minCount(), baseSteps, retrainSteps, 8, documents, documentTokens, 2, runs,
        seed.value());
    return output.print(RecycleBench.run(Corpora.load(corpus), config, BenchCommand.benchDir(workDir)));
  }
}
