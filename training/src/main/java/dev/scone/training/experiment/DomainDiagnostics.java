package dev.scone.training.experiment;

import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.fgram.tokenize.Tokenizer;
import java.util.List;

/**
 * Why SCONE may gain or lose on a text: how often the longest-match rule serves an f-gram row
 * there, and how large those rows are against the token rows they replace. A row far larger than
 * the token embedding dominates the main model's input; on text unlike the training corpus, short
 * generic matches then override the token the model would otherwise read. Stateless.
 *
 * @param text the text's label
 * @param tokens positions measured
 * @param matchedFraction positions whose row is an f-gram row (>= V)
 * @param meanLength mean length, in tokens, of the matched f-grams
 * @param fgramRowNorm mean L2 norm of the f-gram rows served
 * @param tokenRowNorm mean L2 norm of the token rows at the same positions (what a baseline reads)
 */
public record DomainDiagnostics(String text, long tokens, double matchedFraction, double meanLength,
    double fgramRowNorm, double tokenRowNorm) {

  /** fgramRowNorm / tokenRowNorm (NaN when nothing matched). */
  public double normRatio() {
    return fgramRowNorm / tokenRowNorm;
  }

  /** Measures {@code bundle} on the first {@code maxTokens} tokens of {@code text}. */
  public static DomainDiagnostics measure(ModelBundle bundle, Tokenizer tokenizer, EvalText text, int maxTokens) {
    EmbeddingTable table = bundle.table();
    int v = bundle.manifest().vocabSize();
    FgramMatcher matcher = FgramMatcher.build(bundle.vocabulary());
    List<int[]> documents = ExperimentRunner.tokens(tokenizer, text.documents(), maxTokens);
    long positions = 0;
    long matched = 0;
    long matchedTokens = 0;
    double fgramNorm = 0;
    double tokenNorm = 0;
    for (int[] doc : documents) {
      int[] rows = matcher.rows(doc);
      for (int i = 0; i < doc.length; i++) {
        positions++;
        if (rows[i] < v) continue;
        matched++;
        matchedTokens += bundle.vocabulary().length(rows[i] - v);
        fgramNorm += norm(table.row(rows[i]));
        tokenNorm += norm(table.row(doc[i]));
      }
    }
    return new DomainDiagnostics(text.name(), positions, positions == 0 ? 0 : (double) matched / positions,
        matched == 0 ? Double.NaN : (double) matchedTokens / matched, matched == 0 ? Double.NaN : fgramNorm / matched,
        matched == 0 ? Double.NaN : tokenNorm / matched);
  }

  private static double norm(float[] row) {
    double s = 0;
    for (float x : row) s += (double) x * x;
    return Math.sqrt(s);
  }
}
