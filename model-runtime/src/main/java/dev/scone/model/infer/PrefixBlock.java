package dev.scone.model.infer;

/**
 * What a prefix cache keeps of one block of positions {@code [b * n, (b + 1) * n)} of a sequence
 * (n = block tokens): every layer's keys and values there, and the log-probability of each of the
 * block's tokens given the tokens before it. All of it depends only on the tokens up to the
 * block's end (causal attention; with SCONE a position's row depends on the longest match ending
 * there, which reads only earlier tokens), which is what the block's key hashes.
 *
 * @param keys per layer, (H, n, hs) row-major
 * @param values per layer, (H, n, hs) row-major
 * @param logprobs per position j, the log-prob of token {@code b * n + j}; NaN for token 0, which
 *     nothing predicts
 */
record PrefixBlock(float[][] keys, float[][] values, float[] logprobs) {

  /** Heap bytes held, for the cache's budget (array payloads plus headers). */
  int bytes() {
    long sum = 16L + 4L * logprobs.length;
    for (int l = 0; l < keys.length; l++) sum += 32L + 4L * keys[l].length + 4L * values[l].length;
    return (int) Math.min(Integer.MAX_VALUE, sum);
  }
}
