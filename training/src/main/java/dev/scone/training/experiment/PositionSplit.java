package dev.scone.training.experiment;

import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.infer.Score;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where SCONE's difference to the baseline comes from on one text: the change in log-loss at the
 * positions whose input row is an f-gram row (the lookup acts there) and at every other position
 * (SCONE serves the same token row as the baseline there; any change comes from the main model's
 * weights, trained beside the f-gram rows). A gain at the other positions is not the lookup's.
 *
 * <p>Position j of a document "reads an f-gram row" when the longest-match rule gives it one; its
 * loss is that of predicting token j + 1, whose last input is row j. Differences are SCONE minus
 * baseline in mean natural-log loss per token (negative: SCONE better), paired by seed.
 *
 * @param text the text's label
 * @param matchedShare mean over seeds of the share of scored positions that read an f-gram row
 * @param matched the paired difference at those positions
 * @param unmatched the paired difference at every other position
 */
public record PositionSplit(String text, double matchedShare, SeedStatistics.Interval matched,
    SeedStatistics.Interval unmatched) {

  /** The part of the whole text's mean loss difference that the f-gram positions make. */
  public double matchedPartOfTotal() {
    double fromMatched = matchedShare * matched.mean();
    double total = fromMatched + (1 - matchedShare) * unmatched.mean();
    return fromMatched / total;
  }

  /** One seed on one text: mean loss of each model at the two kinds of position, and the share matched. */
  record SeedLosses(double sconeMatched, double baselineMatched, double sconeOther, double baselineOther,
      double share) {}

  /**
   * One seed's losses from the two models' scores of the same documents, in order, and the rows the
   * SCONE model's matcher gives each document ({@code >= vocabSize}: an f-gram row).
   */
  static SeedLosses seedLosses(List<Score> scone, List<Score> baseline, List<int[]> rows, int vocabSize) {
    double[] sum = new double[4]; // scone matched, baseline matched, scone other, baseline other
    long matched = 0;
    long other = 0;
    for (int d = 0; d < rows.size(); d++) {
      double[] s = scone.get(d).tokenLogprobs();
      double[] b = baseline.get(d).tokenLogprobs();
      if (s.length != b.length || s.length > rows.get(d).length) {
        throw new IllegalArgumentException("document " + d + ": " + s.length + " vs " + b.length + " scored tokens");
      }
      for (int j = 0; j < s.length; j++) {
        int at = rows.get(d)[j] >= vocabSize ? 0 : 2;
        sum[at] -= s[j];
        sum[at + 1] -= b[j];
        if (at == 0) matched++;
        else other++;
      }
    }
    return new SeedLosses(sum[0] / matched, sum[1] / matched, sum[2] / other, sum[3] / other,
        (double) matched / (matched + other));
  }

  /** The paired differences over seeds (at least one). */
  static PositionSplit of(String text, List<SeedLosses> seeds) {
    int n = seeds.size();
    double[] sm = new double[n];
    double[] bm = new double[n];
    double[] so = new double[n];
    double[] bo = new double[n];
    double share = 0;
    for (int i = 0; i < n; i++) {
      SeedLosses l = seeds.get(i);
      sm[i] = l.sconeMatched();
      bm[i] = l.baselineMatched();
      so[i] = l.sconeOther();
      bo[i] = l.baselineOther();
      share += l.share() / n;
    }
    return new PositionSplit(text, share, SeedStatistics.pairedDifference(sm, bm, SeedStatistics.CONFIDENCE),
        SeedStatistics.pairedDifference(so, bo, SeedStatistics.CONFIDENCE));
  }

  /**
   * Splits the difference on each text from scores already made (seed i of SCONE against seed i of
   * the baseline, each text's documents cut to their first {@code maxTokens} tokens as the scores
   * were): the SCONE bundle's matcher says which positions read an f-gram row.
   *
   * @param sconeScores per SCONE bundle, each text's per-document scores by text name
   * @param baselineScores the same for the baseline of the same seed
   */
  static List<PositionSplit> measure(List<Path> scone, List<Map<String, List<Score>>> sconeScores,
      List<Map<String, List<Score>>> baselineScores, List<EvalText> texts, int maxTokens) throws IOException {
    if (scone.size() != sconeScores.size() || scone.size() != baselineScores.size()) {
      throw new IllegalArgumentException("paired by seed: " + scone.size() + " bundles, " + sconeScores.size()
          + " and " + baselineScores.size() + " scores");
    }
    List<List<SeedLosses>> perText = new ArrayList<>();
    for (int t = 0; t < texts.size(); t++) perText.add(new ArrayList<>());
    List<List<int[]>> tokens = new ArrayList<>(); // every bundle reads GPT-2 tokens: tokenized once
    for (int i = 0; i < scone.size(); i++) {
      try (ModelBundle s = ModelBundle.open(scone.get(i))) {
        if (tokens.isEmpty()) {
          Tokenizer tokenizer = Tokenizers.byName(s.manifest().tokenizer());
          for (EvalText t : texts) tokens.add(ExperimentRunner.tokens(tokenizer, t.documents(), maxTokens));
        }
        FgramMatcher matcher = FgramMatcher.build(s.vocabulary());
        for (int t = 0; t < texts.size(); t++) {
          String name = texts.get(t).name();
          List<int[]> rows = tokens.get(t).stream().map(matcher::rows).toList();
          perText.get(t).add(seedLosses(sconeScores.get(i).get(name), baselineScores.get(i).get(name), rows,
              s.manifest().vocabSize()));
        }
      }
    }
    List<PositionSplit> out = new ArrayList<>();
    for (int t = 0; t < texts.size(); t++) out.add(of(texts.get(t).name(), perText.get(t)));
    return out;
  }
}
