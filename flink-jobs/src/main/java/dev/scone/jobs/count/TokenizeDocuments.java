package dev.scone.jobs.count;

import dev.scone.fgram.tokenize.Tokenizers;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Step "tokenize": a document's text to its token ids ({@code int[]}, carried by Flink's
 * primitive-array serializer), long texts in segments by {@link SegmentedEncoder} (the same ids as
 * one call for ordinary text, linear cost for pathological text). The tokenizer is looked up by
 * name in {@code open}, so the function ships only the name.
 */
public final class TokenizeDocuments extends RichMapFunction<CorpusDocument, int[]> {
  private final String tokenizerName;
  private transient SegmentedEncoder encoder;

  public TokenizeDocuments(String tokenizerName) {
    this.tokenizerName = tokenizerName;
  }

  @Override
  public void open(OpenContext context) {
    encoder = new SegmentedEncoder(Tokenizers.byName(tokenizerName));
  }

  @Override
  public int[] map(CorpusDocument document) {
    return encoder.encode(document.text);
  }
}
