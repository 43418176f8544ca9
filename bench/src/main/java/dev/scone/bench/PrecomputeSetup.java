package dev.scone.bench;

import dev.scone.bench.scale.RandomModelShape;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.training.bundle.PrecomputeOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the precompute benches share: the f-grams, the random model, the batching, the table and where it goes. */
final class PrecomputeSetup {
  @Mixin BenchCommand.CorpusText corpus;

  @Option(names = "--fgram-rows", defaultValue = "200000", paramLabel = "S", description = "f-gram rows per table, |F|; past the corpus's distinct n-grams, generated ones (synthetic_fgrams).")
  int fgrams;

  @Option(names = "--d-model", defaultValue = "128", description = "Model width d.")
  int dModel;

  @Option(names = "--layers", defaultValue = "2", description = "Layers of the main and the f-gram model.")
  int layers;

  @Option(names = "--fgram-batch", defaultValue = "1024", description = "F-grams per forward pass.")
  int fgramBatch;

  @Option(names = "--chunk", defaultValue = "16384", description = "F-grams per precompute chunk (a resumable run keeps one file each).")
  int chunk;

  @Option(names = "--dtype", defaultValue = "float16", description = "Table format: float32, float16 or int8.")
  String dtype;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the tables go; unset: the JVM's temporary directory.")
  Path dir;

  PaddedVocabulary vocabulary() throws IOException {
    return PaddedVocabulary.of(corpus.texts(), fgrams);
  }

  RandomModelShape model() {
    return new RandomModelShape(dModel, layers, 7);
  }

  PrecomputeOptions options() {
    return PrecomputeOptions.defaults().withProgressBar(false)
        .withBatches(fgramBatch, chunk, PrecomputeOptions.defaults().tableBatchRows());
  }

  EmbeddingDtype dtype() {
    return EmbeddingDtype.valueOf(dtype.toUpperCase(Locale.ROOT));
  }

  Path scratchParent() {
    return dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
  }
}
