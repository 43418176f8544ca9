package dev.scone.training.data;

import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.training.corpus.Document;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A tokenized corpus split in tokenizer space: every document's tokens back to back in one flat
 * array, with the offset where each document starts, and the documents' ids. This is what a
 * {@link TokenFile} holds.
 *
 * <p>Immutable and thread-safe; every array accessor returns a copy (the flat token array of SOTU
 * train is ~7 MB, copied once by each consumer). Document {@code d} is {@code tokens[start(d) ..
 * end(d))}; empty documents are allowed.
 */
public final class TokenCorpus {

  private final String tokenizer;
  private final int vocabSize;
  private final String[] ids; // (D)
  private final int[] tokens; // (N), all documents back to back
  private final int[] offsets; // (D + 1), document d is tokens[offsets[d] .. offsets[d + 1])

  /**
   * @param tokenizer the tokenizer's name, as {@link Tokenizer#name()}
   * @param vocabSize the tokenizer's V; every token must lie in [0, V)
   * @param ids one id per document
   * @param tokens the documents' tokens back to back
   * @param offsets D + 1 non-decreasing offsets from 0 to tokens.length
   * @throws IllegalArgumentException naming the first offset or token out of place
   */
  public TokenCorpus(String tokenizer, int vocabSize, List<String> ids, int[] tokens, int[] offsets) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
    this.vocabSize = vocabSize;
    this.ids = ids.toArray(new String[0]);
    for (String id : this.ids) Objects.requireNonNull(id, "document id");
    this.tokens = tokens.clone();
    this.offsets = offsets.clone();
    checkOffsets(this.offsets, this.ids.length, this.tokens.length);
    for (int i = 0; i < this.tokens.length; i++) {
      if (this.tokens[i] < 0 || this.tokens[i] >= vocabSize) {
        throw new IllegalArgumentException("token " + this.tokens[i] + " at position " + i
            + " is outside [0, " + vocabSize + ") of tokenizer " + tokenizer);
      }
    }
  }

  private static void checkOffsets(int[] offsets, int documents, int tokenCount) {
    if (offsets.length != documents + 1 || offsets[0] != 0 || offsets[documents] != tokenCount) {
      throw new IllegalArgumentException("offsets must be " + (documents + 1) + " values from 0 to "
          + tokenCount + ", got " + offsets.length + " values "
          + (offsets.length == 0 ? "" : "from " + offsets[0] + " to " + offsets[offsets.length - 1]));
    }
    for (int d = 0; d < documents; d++) {
      if (offsets[d + 1] < offsets[d]) {
        throw new IllegalArgumentException("offset " + (d + 1) + " (" + offsets[d + 1]
            + ") is below offset " + d + " (" + offsets[d] + "); offsets must not decrease");
      }
    }
  }

  /** Tokenizes {@code documents} in order with {@code tokenizer}; O(characters). */
  public static TokenCorpus tokenize(List<Document> documents, Tokenizer tokenizer) {
    int[][] perDocument = new int[documents.size()][];
    int[] offsets = new int[documents.size() + 1];
    for (int d = 0; d < documents.size(); d++) {
      perDocument[d] = tokenizer.encode(documents.get(d).text());
      offsets[d + 1] = Math.addExact(offsets[d], perDocument[d].length);
    }
    int[] tokens = new int[offsets[documents.size()]];
    for (int d = 0; d < perDocument.length; d++) {
      System.arraycopy(perDocument[d], 0, tokens, offsets[d], perDocument[d].length);
    }
    List<String> ids = documents.stream().map(Document::id).toList();
    return new TokenCorpus(tokenizer.name(), tokenizer.vocabSize(), ids, tokens, offsets);
  }

  public String tokenizer() {
    return tokenizer;
  }

  /** The tokenizer's V. */
  public int vocabSize() {
    return vocabSize;
  }

  /** D, the number of documents. */
  public int documents() {
    return ids.length;
  }

  /** N, the number of tokens over all documents. */
  public int size() {
    return tokens.length;
  }

  public String id(int document) {
    return ids[document];
  }

  public List<String> ids() {
    return List.of(ids);
  }

  public int start(int document) {
    return offsets[document];
  }

  public int end(int document) {
    return offsets[document + 1];
  }

  /** A copy of the flat token array (N). */
  public int[] tokens() {
    return tokens.clone();
  }

  /** A copy of document {@code d}'s tokens. */
  public int[] tokens(int document) {
    return Arrays.copyOfRange(tokens, offsets[document], offsets[document + 1]);
  }

  /** Where each document starts (D values, the first 0), as {@code FgramMatcher.rows} takes. */
  public int[] docStarts() {
    return Arrays.copyOf(offsets, ids.length);
  }

  /** How often each tokenizer id occurs (V counts). */
  public long[] tokenCounts() {
    long[] counts = new long[vocabSize];
    for (int t : tokens) counts[t]++;
    return counts;
  }

  /** Same tokenizer, ids, tokens and boundaries. */
  public boolean sameContent(TokenCorpus other) {
    return tokenizer.equals(other.tokenizer)
        && vocabSize == other.vocabSize
        && Arrays.equals(ids, other.ids)
        && Arrays.equals(tokens, other.tokens)
        && Arrays.equals(offsets, other.offsets);
  }

  @Override
  public String toString() {
    return "TokenCorpus[" + ids.length + " documents, " + tokens.length + " tokens, " + tokenizer
        + " V=" + vocabSize + "]";
  }
}
