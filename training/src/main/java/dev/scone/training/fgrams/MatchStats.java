package dev.scone.training.fgrams;

import dev.scone.fgram.match.FgramMatcher;
import java.util.List;

/** How often, and how long, the longest-match rule finds f-grams in a set of documents. */
record MatchStats(long tokens, double matchedFraction, long[] matchedByLength) {

  static MatchStats measure(FgramMatcher matcher, List<int[]> documents) {
    long[] byLength = new long[matcher.maxN() + 1];
    long tokens = 0;
    for (int[] doc : documents) {
      int[] lengths = matcher.matchLengths(doc);
      for (int k : lengths) if (k >= 2) byLength[k]++;
      tokens += doc.length;
    }
    long matched = 0;
    for (long m : byLength) matched += m;
    return new MatchStats(tokens, tokens == 0 ? 0 : (double) matched / tokens, byLength);
  }
}
