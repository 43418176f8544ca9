package dev.scone.fgram.tokenize;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * GPT-2's byte-level BPE ({@code r50k_base}, V = 50,257) through JTokkit.
 *
 * <p>Text is encoded as ordinary text: a literal {@code "<|endoftext|>"} in a document becomes
 * the tokens of those 13 characters, never the special id 50,256, so a document cannot inject a
 * boundary. Byte-level BPE makes {@code decode(encode(s)) == s} hold for all valid UTF-16 text.
 *
 * <p>Thread-safe: the JTokkit encoding only reads maps built at construction, so one instance
 * may be shared by all threads. Construction loads the 50 K merge ranks (tens of milliseconds);
 * {@link #instance()} shares one.
 */
public final class Gpt2Tokenizer implements Tokenizer {
  /** The name recorded in metadata. */
  public static final String NAME = "gpt2";

  /** r50k_base: 256 byte tokens + 50,000 merges + {@code <|endoftext|>}. */
  public static final int VOCAB_SIZE = 50_257;

  private static final class Holder {
    static final Gpt2Tokenizer INSTANCE = new Gpt2Tokenizer();
  }

  private final Encoding encoding;

  private Gpt2Tokenizer() {
    this.encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
  }

  /** The shared instance. */
  public static Gpt2Tokenizer instance() {
    return Holder.INSTANCE;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int vocabSize() {
    return VOCAB_SIZE;
  }

  @Override
  public int[] encode(String text) {
    Objects.requireNonNull(text, "text");
    return encoding.encodeOrdinary(text).toArray();
  }

  @Override
  public String decode(int[] tokens, int from, int to) {
    Objects.checkFromToIndex(from, to, tokens.length);
    IntArrayList list = new IntArrayList(to - from);
    for (int i = from; i < to; i++) {
      int t = tokens[i];
      if (t < 0 || t >= VOCAB_SIZE) {
        throw new IllegalArgumentException(
            "token id " + t + " at index " + i + " is outside [0, " + VOCAB_SIZE + ") of " + NAME);
      }
      list.add(t);
    }
    return new String(encoding.decodeBytes(list), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Gpt2Tokenizer[" + NAME + ", r50k_base, V=" + VOCAB_SIZE + "]";
  }
}
