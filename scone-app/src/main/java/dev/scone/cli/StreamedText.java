package dev.scone.cli;

import dev.scone.fgram.tokenize.Tokenizer;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.PrintWriter;
import java.util.List;

/**
 * Prints generated text while it is generated, one flush per token, holding back only what may
 * still change: a character whose UTF-8 bytes are not all generated yet (decoded as U+FFFD), and a
 * tail short enough to be the start of a stop sequence, and a stop sequence itself (the
 * generation cuts it from its text). {@link #finish} prints the rest of the final text.
 */
final class StreamedText {
  private final Tokenizer tokenizer;
  private final List<String> stops;
  private final PrintWriter out;
  private final int holdBack; // chars that may begin a stop sequence: the longest one's length - 1
  private final IntArrayList tokens = new IntArrayList();
  private int printed; // chars of the decoded text printed so far

  StreamedText(Tokenizer tokenizer, List<String> stops, PrintWriter out) {
    this.tokenizer = tokenizer;
    this.stops = List.copyOf(stops);
    this.out = out;
    this.holdBack = Math.max(0, stops.stream().mapToInt(String::length).max().orElse(0) - 1);
  }

  /** Takes the next generated token and prints what is now certain. */
  void accept(int token) {
    tokens.add(token);
    // Decodes everything so far (a character may span tokens): O(n) per token, nothing next to a forward.
    String text = tokenizer.decode(tokens.elements(), 0, tokens.size());
    int whole = text.length();
    while (whole > 0 && text.charAt(whole - 1) == '\uFFFD') whole--;
    int certain = whole - holdBack;
    for (String stop : stops) {
      int at = text.indexOf(stop, Math.max(0, printed - stop.length()));
      if (at >= 0) certain = Math.min(certain, at); // the generation ends here and cuts the stop off
    }
    if (certain > printed) {
      out.print(text.substring(printed, certain));
      out.flush();
      printed = certain;
    }
  }

  /** Prints the rest of {@code text}, the generation's final text (of which the printed part is a prefix). */
  void finish(String text) {
    if (text.length() > printed) out.print(text.substring(printed));
    out.flush();
  }
}
