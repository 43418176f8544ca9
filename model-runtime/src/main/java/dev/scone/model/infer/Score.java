package dev.scone.model.infer;

/**
 * A document's score under the model. The first token has no prediction (nothing precedes it),
 * so {@code tokenLogprobs[j]} is the natural-log probability of token {@code j + 1} given the
 * tokens before it (within the scorer's window), and there are {@code max(0, tokens - 1)} of them.
 *
 * @param tokens the document's length in tokens
 * @param logprob the sum of {@code tokenLogprobs} (0 when nothing was scored)
 * @param perplexity {@code exp(-logprob / scored())}; NaN when nothing was scored (tokens < 2)
 * @param tokenLogprobs per scored token, natural log; the array is the record's own, do not change it
 * @param cachedTokens positions whose computation a prefix cache spared (0 without one)
 */
public record Score(int tokens, double logprob, double perplexity, double[] tokenLogprobs, int cachedTokens) {

  static Score of(int tokens, double[] tokenLogprobs) {
    return of(tokens, tokenLogprobs, 0);
  }

  static Score of(int tokens, double[] tokenLogprobs, int cachedTokens) {
    double sum = 0;
    for (double lp : tokenLogprobs) sum += lp;
    int n = tokenLogprobs.length;
    return new Score(tokens, sum, n == 0 ? Double.NaN : Math.exp(-sum / n), tokenLogprobs, cachedTokens);
  }

  /** How many tokens were scored: {@code max(0, tokens - 1)}. */
  public int scored() {
    return tokenLogprobs.length;
  }
}
