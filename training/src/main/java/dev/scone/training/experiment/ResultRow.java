package dev.scone.training.experiment;

import java.nio.file.Path;
import java.util.Map;

/**
 * One model's line in the results. Immutable.
 *
 * @param name the run's name (the control's is {@code <centre>-shuffled})
 * @param baseline whether it has no f-grams
 * @param control whether it is the shuffled-table control
 * @param fgrams |F|, 0 for a baseline
 * @param fgramLayers f-gram model blocks, 0 for a baseline
 * @param acceleratorParameters parameters of the main model (what serving holds on the accelerator)
 * @param tableRows V + |F| rows of the off-accelerator table
 * @param inferenceFlopsPerToken averaged over a full window of the model's context
 * @param trainingSeconds trained tokens / training throughput, from the bundle's manifest
 * @param perplexity held-out perplexity per evaluation corpus name, in the order evaluated
 * @param bundle the bundle directory served
 */
public record ResultRow(String name, boolean baseline, boolean control, int fgrams, int fgramLayers,
    long acceleratorParameters, int tableRows, double inferenceFlopsPerToken, double trainingSeconds,
    Map<String, Double> perplexity, Path bundle) {}
