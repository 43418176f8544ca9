package dev.scone.model.infer;

import java.util.List;

/**
 * How to generate. Sampling order: logits / temperature, keep the {@code topK} most likely
 * tokens, then the smallest prefix of them (most likely first) whose probability, renormalised
 * over the kept tokens, reaches {@code topP}; draw from what is left.
 *
 * @param maxTokens most tokens to generate, >= 0
 * @param temperature >= 0; 0 is greedy (argmax, lowest id on ties) and uses no random numbers
 * @param topK 0 = off, else keep the k most likely tokens
 * @param topP in (0, 1]; 1 = off
 * @param seed seeds a {@link java.util.Random} over probabilities computed in float64 on the
 *     host: the same seed, prompt, model and table give the same tokens
 * @param stop stop sequences, matched on the decoded generated text (not the prompt); non-empty
 *     strings
 * @param eosToken the tokenizer's end-of-text id (50256 for GPT-2), or {@link #NO_EOS}
 */
public record GenerationParams(int maxTokens, double temperature, int topK, double topP, long seed,
    List<String> stop, int eosToken) {

  /** No end-of-text token: only maxTokens and stop sequences end a generation. */
  public static final int NO_EOS = -1;

  public GenerationParams {
    if (maxTokens < 0) throw new IllegalArgumentException("maxTokens must be >= 0, got " + maxTokens);
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
    }
    if (topK < 0) throw new IllegalArgumentException("topK must be >= 0 (0 = off), got " + topK);
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1] (1 = off), got " + topP);
    }
    stop = List.copyOf(stop);
    for (String s : stop) {
      if (s.isEmpty()) throw new IllegalArgumentException("stop sequences must not be empty");
    }
    if (eosToken < NO_EOS) {
      throw new IllegalArgumentException("eosToken must be a token id or NO_EOS (-1), got " + eosToken);
    }
  }

  /** The request defaults: 64 tokens, temperature 1, no top-k / top-p, seed 0, no stop, no eos. */
  public static GenerationParams defaults() {
    return new GenerationParams(64, 1.0, 0, 1.0, 0, List.of(), NO_EOS);
  }

  /** Greedy decoding of at most {@code maxTokens} tokens, no stop sequences, no eos. */
  public static GenerationParams greedy(int maxTokens) {
    return defaults().withMaxTokens(maxTokens).withTemperature(0);
  }

  public GenerationParams withMaxTokens(int maxTokens) {
    return new GenerationParams(maxTokens, temperature, topK, topP, seed, stop, eosToken);
  }

  public GenerationParams withTemperature(double temperature) {
    return new GenerationParams(maxTokens, temperature, topK, topP, seed, stop, eosToken);
  }

  public GenerationParams withTopK(int topK) {
    return new GenerationParams(maxTokens, temperature, topK, topP, seed, stop, eosToken);
  }

  public GenerationParams withTopP(double topP) {
    return new GenerationParams(maxTokens, temperature, topK, topP, seed, stop, eosToken);
  }

  public GenerationParams withSeed(long seed) {
    return new GenerationParams(maxTokens, temperature, topK, topP, seed, stop, eosToken);
  }

  public GenerationParams withStop(List<String> stop) {
    return new GenerationParams(maxTokens, temperature, topK, topP, seed, stop, eosToken);
  }

  public GenerationParams withEosToken(int eosToken) {
    return new GenerationParams(maxTokens, temperature, topK, topP, seed, stop, eosToken);
  }
}
