package dev.scone.model.infer;

/**
 * What {@link Generator#generate} produced after the prompt.
 *
 * @param tokens the generated tokenizer ids, without the prompt and without an end-of-text
 *     token; with {@link FinishReason#STOP} they include the tokens that spelled the stop
 *     sequence. The array is the record's own: do not change it
 * @param text {@code decode(tokens)}, cut before the first stop sequence it contains
 * @param finishReason why generation ended
 * @param tokenLogprobs per generated token, the natural-log probability the model gave it (the
 *     untempered distribution, before top-k / top-p), aligned with {@code tokens}
 * @param cachedTokens prompt positions whose computation a prefix cache spared (0 without one)
 */
public record Generation(
    int[] tokens, String text, FinishReason finishReason, double[] tokenLogprobs, int cachedTokens) {}
