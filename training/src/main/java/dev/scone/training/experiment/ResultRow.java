package dev.scone.training.experiment;

import java.nio.file.Path;
import java.util.Map;

/**
 * One trained model's (or control's) line in the results: one cell at one seed. Immutable.
 *
 * @param name the cell's name (a control's is {@code <centre>-shuffled} or {@code <centre>-mean-tokens})
 * @param seed the seed the model was trained with (a control's is its source's)
 * @param baseline whether it has no f-grams
 * @param control whether it is a control (the centre's model with its f-gram rows replaced)
 * @param fgrams |F|, 0 for a baseline
 * @param fgramLayers f-gram model blocks, 0 for a baseline
 * @param acceleratorParameters parameters of the main model (what serving holds on the accelerator)
 * @param tableRows V + |F| rows of the off-accelerator table
 * @param inferenceFlopsPerToken averaged over a full window of the model's context
 * @param trainingSeconds trained tokens / training throughput, from the bundle's manifest
 * @param perplexity perplexity per scored text name, in the order scored
 * @param bundle the bundle directory served
 */
public record ResultRow(String name, long seed, boolean baseline, boolean control, int fgrams, int fgramLayers,
    long acceleratorParameters, int tableRows, double inferenceFlopsPerToken, double trainingSeconds,
    Map<String, Double> perplexity, Path bundle) {}
