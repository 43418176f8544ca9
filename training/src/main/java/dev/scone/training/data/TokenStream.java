package dev.scone.training.data;

import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.SconeBatch;
import java.util.function.IntFunction;

/**
 * A token file in MODEL space, ready to cut into windows: the flat tokens as model ids and, for
 * SCONE, the model-space row each position reads (computed once over the whole file, document by
 * document, so no f-gram match crosses a document boundary; a window may span documents).
 *
 * <p>Immutable and thread-safe. {@link #batch} costs O(B·T) plus one f-gram token lookup per
 * distinct f-gram in the batch.
 */
public final class TokenStream {

  private final int[] tokens; // (N) model ids
  private final int[] rows; // (N) model rows, or null when no position reads an f-gram row
  private final int vocabSize; // V_model
  private final int maxN;
  private final IntFunction<int[]> fgramTokens; // f-gram id -> its tokens as model ids
  private final long unknownTokens;

  private TokenStream(int[] tokens, int[] rows, int vocabSize, int maxN,
      IntFunction<int[]> fgramTokens, long unknownTokens) {
    this.tokens = tokens;
    this.rows = rows;
    this.vocabSize = vocabSize;
    this.maxN = maxN;
    this.fgramTokens = fgramTokens;
    this.unknownTokens = unknownTokens;
  }

  /** The baseline's stream: tokens only, every position reads its token row. */
  public static TokenStream baseline(TokenCorpus corpus, ModelVocabulary vocabulary) {
    requireSameTokenizer(corpus, vocabulary);
    int[] tokens = vocabulary.toModel(corpus.tokens());
    return new TokenStream(tokens, null, vocabulary.size(), 2, id -> {
      throw new IllegalStateException("a baseline stream has no f-grams");
    }, countUnknown(tokens, vocabulary.unkId()));
  }

  /**
   * The SCONE stream, rows matched here: {@link #fgramRows} over the whole corpus, once.
   *
   * @throws IllegalArgumentException when the f-grams are over another tokenizer
   */
  public static TokenStream scone(TokenCorpus corpus, ModelVocabulary vocabulary,
      FgramVocabulary fgrams) {
    return scone(corpus, vocabulary, fgrams, fgramRows(corpus, fgrams));
  }

  /**
   * The tokenizer-space row of every position of {@code corpus} under the longest-match rule,
   * document by document (no match crosses a document boundary): {@code V + id} where an f-gram
   * ends there, else the token. O(N · (maxN - 1)) probes.
   */
  public static int[] fgramRows(TokenCorpus corpus, FgramVocabulary fgrams) {
    FgramVocabulary.Meta meta = fgrams.meta();
    if (!meta.tokenizer().equals(corpus.tokenizer()) || meta.vocabSize() != corpus.vocabSize()) {
      throw new IllegalArgumentException("f-grams are over " + meta.tokenizer() + " V="
          + meta.vocabSize() + " but the corpus is " + corpus.tokenizer() + " V=" + corpus.vocabSize());
    }
    return FgramMatcher.build(fgrams).rows(corpus.tokens(), corpus.docStarts());
  }

  /**
   * The SCONE stream from rows computed elsewhere.
   *
   * @param tokenizerRows the tokenizer-space row of every position of {@code corpus}, as
   *     {@code FgramMatcher.rows(corpus.tokens(), corpus.docStarts())} computes them
   * @throws IllegalArgumentException when the rows do not fit the corpus or the f-grams
   */
  public static TokenStream scone(TokenCorpus corpus, ModelVocabulary vocabulary,
      FgramVocabulary fgrams, int[] tokenizerRows) {
    requireSameTokenizer(corpus, vocabulary);
    FgramVocabulary.Meta meta = fgrams.meta();
    if (!meta.tokenizer().equals(corpus.tokenizer()) || meta.vocabSize() != corpus.vocabSize()) {
      throw new IllegalArgumentException("f-grams are over " + meta.tokenizer() + " V="
          + meta.vocabSize() + " but the corpus is " + corpus.tokenizer() + " V=" + corpus.vocabSize());
    }
    int[] corpusTokens = corpus.tokens();
    checkRows(corpusTokens, tokenizerRows, corpus.vocabSize(), fgrams.size());
    RowSpace space = new RowSpace(vocabulary);
    int[] tokens = vocabulary.toModel(corpusTokens);
    return new TokenStream(tokens, space.toModel(tokenizerRows), vocabulary.size(), meta.maxN(),
        id -> vocabulary.toModel(fgrams.tokens(id)), countUnknown(tokens, vocabulary.unkId()));
  }

  private static void requireSameTokenizer(TokenCorpus corpus, ModelVocabulary vocabulary) {
    if (!corpus.tokenizer().equals(vocabulary.tokenizer())
        || corpus.vocabSize() != vocabulary.tokenizerVocabSize()) {
      throw new IllegalArgumentException("corpus is " + corpus.tokenizer() + " V="
          + corpus.vocabSize() + " but the model vocabulary is over " + vocabulary.tokenizer()
          + " V=" + vocabulary.tokenizerVocabSize());
    }
  }

  private static void checkRows(int[] tokens, int[] rows, int vocabSize, int fgramCount) {
    if (rows.length != tokens.length) {
      throw new IllegalArgumentException(rows.length + " rows for " + tokens.length + " tokens");
    }
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      boolean ok = r < vocabSize ? r == tokens[i] : r - vocabSize < fgramCount;
      if (!ok || r < 0) {
        throw new IllegalArgumentException("position " + i + " has token " + tokens[i]
            + " and row " + r + "; expected the token itself or a row in [" + vocabSize + ", "
            + ((long) vocabSize + fgramCount) + ")");
      }
    }
  }

  private static long countUnknown(int[] tokens, int unkId) {
    long n = 0;
    for (int t : tokens) if (t == unkId) n++;
    return n;
  }

  /** N, the number of positions. */
  public int size() {
    return tokens.length;
  }

  /** V_model. */
  public int vocabSize() {
    return vocabSize;
  }

  /** Whether positions read f-gram rows (a SCONE stream). */
  public boolean readsFgrams() {
    return rows != null;
  }

  /** Positions whose token the model vocabulary maps to UNK. */
  public long unknownTokens() {
    return unknownTokens;
  }

  /** A copy of the model-id tokens. */
  public int[] tokens() {
    return tokens.clone();
  }

  /**
   * B windows of T inputs starting at {@code starts}, with their next-token targets.
   *
   * @throws IllegalArgumentException when a window {@code [s, s+T]} does not fit the stream
   */
  public WindowBatch batch(int[] starts, int time) {
    int b = starts.length;
    int[] in = new int[b * time];
    int[] inRows = rows == null ? null : new int[b * time];
    long[] targets = new long[b * time];
    for (int w = 0; w < b; w++) {
      int s = starts[w];
      if (s < 0 || (long) s + time + 1 > tokens.length) {
        throw new IllegalArgumentException("window " + w + " at " + s + " needs positions " + s
            + ".." + ((long) s + time) + " but the stream has " + tokens.length);
      }
      System.arraycopy(tokens, s, in, w * time, time);
      if (inRows != null) System.arraycopy(rows, s, inRows, w * time, time);
      for (int j = 0; j < time; j++) targets[w * time + j] = tokens[s + 1 + j];
    }
    SconeBatch inputs = inRows == null
        ? SconeBatch.tokensOnly(in, b, time, vocabSize)
        : SconeBatch.of(in, inRows, b, time, vocabSize, maxN, fgramTokens);
    return new WindowBatch(inputs, targets);
  }
}
