package dev.scone.training.refresh;

import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.training.corpus.Document;
import dev.scone.training.data.TokenCorpus;
import java.util.List;
import java.util.Objects;

/**
 * The text a candidate bundle is judged on, tokenized once per tokenizer (bundles name theirs).
 * Not thread-safe (one cached tokenization).
 */
public final class HeldOutText {
  private final List<Document> documents;
  private TokenCorpus tokens; // for tokens.tokenizer(), null until first asked

  /** @param documents non-empty; scored document by document (no window crosses a boundary of f-gram matching) */
  public HeldOutText(List<Document> documents) {
    Objects.requireNonNull(documents, "documents");
    if (documents.isEmpty()) throw new IllegalArgumentException("held-out text needs at least one document");
    this.documents = List.copyOf(documents);
  }

  public List<Document> documents() {
    return documents;
  }

  /** The documents tokenized with the tokenizer named {@code tokenizer} (cached). */
  public TokenCorpus tokens(String tokenizer) {
    if (tokens == null || !tokens.tokenizer().equals(tokenizer)) {
      tokens = TokenCorpus.tokenize(documents, Tokenizers.byName(tokenizer));
      if (tokens.size() < 2) throw new IllegalArgumentException("held-out text has fewer than 2 tokens");
    }
    return tokens;
  }
}
