package dev.scone.bench;

import dev.scone.bench.scale.PrecomputeBench;
import dev.scone.bench.scale.SyntheticFgrams;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.TokenIdMap;
import dev.scone.training.bundle.PrecomputeOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scone bench precompute}: writing a whole table with {@code TablePrecompute} vs the f-gram
 * model's raw batched forward over the same f-grams, on a random model of {@code scone train}'s
 * default sizes.
 */
@Command(name = "precompute", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {
      "Table precompute vs the raw batched f-gram forward.",
      "F-gram rows/s of TablePrecompute.full (forward, encoding, Arrow file, checksum) vs LanguageModel.fgramRows "
          + "alone on the same f-grams (the corpus's top 2..maxN-grams), taking turns slice by slice; a random model. "
          + "Writes the table into a temporary directory (free disk checked first), removed at the end."
    })
public final class PrecomputeBenchCommand implements Callable<Integer> {

  @Mixin BenchCommand.Output output;
  @Mixin BenchCommand.CorpusText corpus;

  @Option(names = "--fgram-rows", defaultValue = "200000", paramLabel = "S", description = "f-gram rows computed, |F|; past the corpus's distinct n-grams, generated ones (synthetic_fgrams).")
  int fgrams;

  @Option(names = "--d-model", defaultValue = "128", description = "Model width d.")
  int dModel;

  @Option(names = "--layers", defaultValue = "2", description = "Layers of the main and the f-gram model.")
  int layers;

  @Option(names = "--fgram-batch", defaultValue = "1024", description = "F-grams per forward pass.")
  int fgramBatch;

  @Option(names = "--chunk", defaultValue = "16384", description = "F-grams per precompute chunk.")
  int chunk;

  @Option(names = "--dtype", defaultValue = "float16", description = "Table format: float32, float16 or int8.")
  String dtype;

  @Option(names = "--runs", defaultValue = "3", description = "Passes over all slices; the median of each side's total.")
  int runs;

  @Option(names = "--slice-fgrams", defaultValue = "1000000", paramLabel = "N",
      description = "F-grams per slice: the two sides alternate slice by slice, so the machine's drift falls on both.")
  int sliceFgrams;

  @Option(names = "--resumable", description = "Keep computed rows chunk by chunk, as a run that survives a kill does.")
  boolean resumable;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the table goes; unset: the JVM's temporary directory.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Gpt2Tokenizer tokenizer = Gpt2Tokenizer.instance();
    int maxN = 5;
    NgramCounter counter = new NgramCounter(tokenizer.vocabSize(), maxN);
    for (String text : corpus.texts()) counter.addDocument(tokenizer.encode(text));
    FgramVocabulary real = new FgramSelector(fgrams, 1)
        .select(counter, new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), maxN, 0));
    // past the corpus's distinct n-grams the rest are generated, and the figures say how many
    FgramVocabulary vocab = real.size() < fgrams ? new SyntheticFgrams(real, fgrams, 0x5C0E).toVocabulary() : real;
    ModelConfig config = new ModelConfig(layers, dModel, 4, 4 * dModel, 256, tokenizer.vocabSize(), 0.0, maxN,
        layers, 7);
    PrecomputeOptions options = PrecomputeOptions.defaults().withProgressBar(false)
        .withBatches(fgramBatch, chunk, PrecomputeOptions.defaults().tableBatchRows());
    Path parent = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    try (LanguageModel model = LanguageModel.create(config, Devices.preferred())) {
      return output.print(PrecomputeBench.run(model, TokenIdMap.identity(tokenizer.vocabSize()), vocab,
          vocab.size() - real.size(), new PrecomputeBench.Config(parent,
              EmbeddingDtype.valueOf(dtype.toUpperCase(java.util.Locale.ROOT)), options, runs, resumable, sliceFgrams)));
    }
  }
}
