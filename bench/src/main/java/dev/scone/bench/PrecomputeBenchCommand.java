package dev.scone.bench;

import dev.scone.bench.scale.PrecomputeBench;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.TokenIdMap;
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
  @Mixin PrecomputeSetup setup;

  @Option(names = "--runs", defaultValue = "3", description = "Passes over all slices; the median of each side's total.")
  int runs;

  @Option(names = "--slice-fgrams", defaultValue = "1000000", paramLabel = "N",
      description = "F-grams per slice: the two sides alternate slice by slice, so the machine's drift falls on both.")
  int sliceFgrams;

  @Option(names = "--resumable", description = "Keep computed rows chunk by chunk, as a run that survives a kill does.")
  boolean resumable;

  @Override
  public Integer call() throws Exception {
    PaddedVocabulary padded = setup.vocabulary();
    int vocabSize = padded.vocab().meta().vocabSize();
    try (LanguageModel model = LanguageModel.create(setup.model().config(vocabSize, PaddedVocabulary.MAX_N),
        Devices.preferred())) {
      return output.print(PrecomputeBench.run(model, TokenIdMap.identity(vocabSize), padded.vocab(),
          padded.synthetic(), new PrecomputeBench.Config(setup.scratchParent(), setup.dtype(), setup.options(), runs,
              resumable, sliceFgrams)));
    }
  }
}
