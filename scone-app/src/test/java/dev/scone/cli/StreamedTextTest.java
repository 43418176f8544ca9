package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.tokenize.Gpt2Tokenizer;
import dev.scone.fgram.tokenize.Tokenizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generated text printed as it grows: never a half character, never a stop sequence, the whole text at the end. */
class StreamedTextTest {
  private static final Tokenizer GPT2 = Gpt2Tokenizer.instance();

  @Test
  void everyPrefixPrintedIsWholeCharactersAndTheEndIsTheWholeText() {
    String text = "naïve café, 東京 and 🙂 at the end";
    StringWriter printed = new StringWriter();
    StreamedText stream = new StreamedText(GPT2, List.of(), new PrintWriter(printed));
    int[] tokens = GPT2.encode(text);
    for (int t : tokens) {
      stream.accept(t);
      assertTrue(text.startsWith(printed.toString()), printed.toString());
      assertFalse(printed.toString().contains("\uFFFD"), printed.toString());
    }
    assertTrue(printed.toString().length() > text.length() / 2, "printed while generating: " + printed);
    stream.finish(text);
    assertEquals(text, printed.toString());
  }

  @Test
  void aStopSequenceIsNeverPrintedNorTheStartOfOneBeforeItIsDecided() {
    String generated = "the union is strong. STOP and more";
    String cut = generated.substring(0, generated.indexOf("STOP"));
    StringWriter printed = new StringWriter();
    StreamedText stream = new StreamedText(GPT2, List.of("STOP", "never"), new PrintWriter(printed));
    int[] tokens = GPT2.encode(generated);
    for (int i = 0; i < tokens.length; i++) {
      stream.accept(tokens[i]); // as the generator does: each token is told before the stop sequences are looked for
      assertTrue(cut.startsWith(printed.toString()), printed.toString());
      if (GPT2.decode(tokens, 0, i + 1).contains("STOP")) break;
    }
    stream.finish(cut); // the generation's text: cut where the stop sequence starts
    assertEquals(cut, printed.toString());
  }
}
