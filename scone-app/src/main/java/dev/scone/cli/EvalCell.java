package dev.scone.cli;

import dev.scone.fgram.match.FgramMatcher;
import dev.scone.model.TokenIdMap;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.Score;
import dev.scone.training.corpus.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One text under one bundle, as {@code scone eval} prints it: the documents are tokenized and
 * scored separately through the bundle's serving scorer (so no position sees another document's
 * tokens, and f-gram matches stop at document ends), then summed.
 *
 * @param logprob summed natural-log probability of every scored token
 * @param scored tokens with a prediction (each document's first token has none)
 * @param positions tokens in all documents
 * @param fgramRowPositions positions whose input row is an f-gram row (the longest match ending
 *     there exists); 0 for a baseline bundle
 * @param unknownTokens tokens the bundle's model vocabulary has no id of their own for (they read
 *     and predict the shared UNK id)
 */
record EvalCell(double logprob, long scored, long positions, long fgramRowPositions, long unknownTokens) {

  static EvalCell of(ServedBundle served, List<Document> documents) {
    List<int[]> tokens = new ArrayList<>(documents.size());
    for (Document d : documents) tokens.add(served.tokenizer().encode(d.text()));
    double logprob = 0;
    long scored = 0;
    for (Score s : served.scorer().scoreAll(tokens)) {
      logprob += s.logprob();
      scored += s.scored();
    }
    Optional<FgramMatcher> matcher = served.matcher();
    TokenIdMap ids = served.handle().ids();
    long positions = 0;
    long fgramRows = 0;
    long unknown = 0;
    for (int[] doc : tokens) {
      positions += doc.length;
      if (matcher.isPresent()) {
        for (int length : matcher.get().matchLengths(doc)) if (length > 0) fgramRows++;
      }
      // A token has its own model id exactly when it survives the round trip through the map.
      for (int t : doc) if (ids.toTokenizer(ids.toModel(t)) != t) unknown++;
    }
    return new EvalCell(logprob, scored, positions, fgramRows, unknown);
  }

  /** exp(-logprob / scored); NaN when nothing was scored. */
  double perplexity() {
    return scored == 0 ? Double.NaN : Math.exp(-logprob / scored);
  }

  /** Share of positions that read an f-gram row; NaN for no positions. */
  double fgramRowShare() {
    return positions == 0 ? Double.NaN : (double) fgramRowPositions / positions;
  }

  /** Share of tokens that are UNK to the model; NaN for no positions. */
  double unknownShare() {
    return positions == 0 ? Double.NaN : (double) unknownTokens / positions;
  }
}
