package dev.scone.fgram.tokenize;

import java.util.List;
import java.util.Locale;

/** Finds a tokenizer by the name recorded in metadata or given on the command line. */
public final class Tokenizers {
  /** Names {@link #byName} accepts, canonical first. */
  public static final List<String> NAMES = List.of(Gpt2Tokenizer.NAME, "r50k_base");

  private Tokenizers() {}

  /** The default tokenizer: GPT-2 ({@code r50k_base}). */
  public static Tokenizer defaultTokenizer() {
    return Gpt2Tokenizer.instance();
  }

  /**
   * The tokenizer called {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the unknown name and the known ones
   */
  public static Tokenizer byName(String name) {
    String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (key) {
      case Gpt2Tokenizer.NAME:
      case "r50k_base":
        return Gpt2Tokenizer.instance();
      default:
        throw new IllegalArgumentException(
            "unknown tokenizer '" + name + "'; expected one of " + NAMES);
    }
  }
}
