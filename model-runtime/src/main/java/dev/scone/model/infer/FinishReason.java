package dev.scone.model.infer;

import java.util.Locale;

/** Why a generation ended. */
public enum FinishReason {
  /** {@code maxTokens} tokens were generated. */
  LENGTH,
  /** The model produced the end-of-text token (not included in the output). */
  EOS,
  /** The generated text contains a stop sequence (the text is cut before it). */
  STOP;

  /** The response's {@code finish_reason}: "length", "eos" or "stop". */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
