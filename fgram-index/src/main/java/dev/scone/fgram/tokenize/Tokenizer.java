package dev.scone.fgram.tokenize;

/**
 * Turns text into token ids in {@code [0, vocabSize())} and back.
 *
 * <p>Promise: for every string {@code s} that is valid UTF-16 (no unpaired surrogates), {@code
 * decode(encode(s)).equals(s)}. Implementations say whether they are thread-safe; the ones in
 * this package are. Arguments must not be null.
 */
public interface Tokenizer {

  /** The name recorded in vocabulary and table metadata; {@link Tokenizers#byName} accepts it. */
  String name();

  /** V: every id this tokenizer produces or accepts is in {@code [0, V)}. */
  int vocabSize();

  /** The token ids of {@code text}; an empty array for the empty string. */
  int[] encode(String text);

  /** The text of {@code tokens}. */
  default String decode(int[] tokens) {
    return decode(tokens, 0, tokens.length);
  }

  /**
   * The text of {@code tokens[from .. to)}. A range may cut a multi-byte character of a
   * byte-level tokenizer in two; the cut bytes then decode to U+FFFD, as Java's UTF-8 decoder does.
   *
   * @throws IndexOutOfBoundsException when the range is not inside {@code tokens}
   * @throws IllegalArgumentException naming the first id outside {@code [0, vocabSize())}
   */
  String decode(int[] tokens, int from, int to);
}
