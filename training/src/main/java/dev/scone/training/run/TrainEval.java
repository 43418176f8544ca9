package dev.scone.training.run;

/**
 * What a {@link TrainRun} measured, written into the bundle's manifest as its eval results
 * (snake_case keys). Perplexities are over non-overlapping windows of the training window T
 * ({@link dev.scone.training.eval.Perplexity#ofStream}).
 *
 * @param validationPerplexity exp(mean NLL) over every next token of the validation split
 * @param validationMeanNll nats per token
 * @param validationTargets how many tokens were scored
 * @param validationUnknownTokens validation tokens the model vocabulary maps to UNK
 * @param window T, the window the perplexity was measured in
 * @param steps optimizer steps done
 * @param trainedTokens target tokens trained on (steps · B · T)
 * @param tokensPerSecond training throughput, target tokens per second of step time
 * @param finalTrainLoss mean of the last training losses, nats
 * @param stopReason why training stopped ({@code COMPLETED} normally)
 * @param modelVocabSize the model's vocabulary, kept tokens + UNK
 * @param fgrams |F|, 0 for the baseline
 */
public record TrainEval(
    double validationPerplexity,
    double validationMeanNll,
    long validationTargets,
    long validationUnknownTokens,
    int window,
    int steps,
    long trainedTokens,
    double tokensPerSecond,
    double finalTrainLoss,
    String stopReason,
    int modelVocabSize,
    int fgrams) {}
