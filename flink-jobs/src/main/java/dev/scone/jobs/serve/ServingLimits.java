package dev.scone.jobs.serve;

import java.io.Serializable;

/**
 * What a request may ask for; a request over a limit is refused (dead letter + error response)
 * and never reaches the model. Immutable.
 *
 * @param maxRequestBytes most bytes of a request value (checked before it is decoded)
 * @param maxIdChars most UTF-16 chars of an id
 * @param maxTextTokens most tokens of a score {@code text}; the scorer slides a window over
 *     texts longer than the context, so this may exceed it (cost grows about 2x per token)
 * @param maxPromptTokens most tokens of a generate {@code prompt}; at most the model's context
 *     (a longer prompt would be read from its last context tokens only)
 * @param maxNewTokens most {@code max_tokens} a generate request may ask for
 * @param maxTopK most {@code top_k}
 * @param maxTemperature most {@code temperature}
 * @param maxStopSequences most entries of {@code stop}
 * @param maxStopChars most UTF-16 chars of one stop sequence
 */
public record ServingLimits(int maxRequestBytes, int maxIdChars, int maxTextTokens, int maxPromptTokens,
    int maxNewTokens, int maxTopK, double maxTemperature, int maxStopSequences, int maxStopChars)
    implements Serializable {

  /**
   * The default {@link #maxNewTokens}, also {@code scone generate}'s limit, so the command and the
   * service accept the same requests. Generation slides its window past the model's context (each
   * token still sees at least context / 2), so the context does not bound it; the cost does, about
   * one forward per token.
   */
  public static final int MAX_NEW_TOKENS = 1024;

  public ServingLimits {
    positive("maxRequestBytes", maxRequestBytes);
    positive("maxIdChars", maxIdChars);
    positive("maxTextTokens", maxTextTokens);
    positive("maxPromptTokens", maxPromptTokens);
    positive("maxNewTokens", maxNewTokens);
    positive("maxTopK", maxTopK);
    positive("maxStopChars", maxStopChars);
    if (maxStopSequences < 0) throw new IllegalArgumentException("maxStopSequences must be >= 0, got " + maxStopSequences);
    if (!(maxTemperature > 0) || Double.isInfinite(maxTemperature)) {
      throw new IllegalArgumentException("maxTemperature must be finite and > 0, got " + maxTemperature);
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) throw new IllegalArgumentException(name + " must be >= 1, got " + value);
  }

  /**
   * 64 KiB requests, 256-char ids, 8,192-token texts, prompts up to {@code contextLength} tokens,
   * 1,024 new tokens, top_k up to 50,257 (GPT-2's V), temperature up to 100, 4 stop sequences of 64 chars.
   */
  public static ServingLimits defaults(int contextLength) {
    return new ServingLimits(64 * 1024, 256, 8192, contextLength, MAX_NEW_TOKENS, 50_257, 100.0, 4, 64);
  }

  public ServingLimits withMaxPromptTokens(int tokens) {
    return new ServingLimits(maxRequestBytes, maxIdChars, maxTextTokens, tokens, maxNewTokens, maxTopK,
        maxTemperature, maxStopSequences, maxStopChars);
  }

  public ServingLimits withMaxRequestBytes(int bytes) {
    return new ServingLimits(bytes, maxIdChars, maxTextTokens, maxPromptTokens, maxNewTokens, maxTopK,
        maxTemperature, maxStopSequences, maxStopChars);
  }

  public ServingLimits withMaxTextTokens(int tokens) {
    return new ServingLimits(maxRequestBytes, maxIdChars, tokens, maxPromptTokens, maxNewTokens, maxTopK,
        maxTemperature, maxStopSequences, maxStopChars);
  }
}
