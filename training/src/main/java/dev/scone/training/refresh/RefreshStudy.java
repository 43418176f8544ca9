package dev.scone.training.refresh;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.CorpusSpec;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.SotuAddress;
import dev.scone.training.corpus.Split;
import dev.scone.training.data.DocumentDigest;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.fgrams.VocabularyStore;
import dev.scone.training.run.TrainRun;
import dev.scone.training.run.TrainRunConfig;
import dev.scone.training.run.TrainRunResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the vocabulary refresh path help on later text? (The paper never tested it; see
 * docs/ARCHITECTURE.md, "Refresh caveat".) Trains a small SCONE model on early State of the Union
 * addresses, then compares held-out perplexity on later addresses under (a) the old table, (b) a
 * table refreshed with a vocabulary counted over early + recent text, without retraining, and (c)
 * a warm-start retrain on the recent text with that vocabulary, and (d) the same warm start with the
 * old vocabulary (the control that separates recent training text from new f-grams). (b)-(d) go through the same
 * {@link GatedPublisher} the trainer service uses, so the table shows what the gate decided.
 * Side effects: a store, token cache and scratch space under the config's work directory.
 */
public final class RefreshStudy {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshStudy.class);

  private RefreshStudy() {}

  public static RefreshStudyResult run(RefreshStudyConfig c) throws IOException {
    List<SotuAddress> all = Corpora.load("sotu").documents().stream().map(SotuAddress::of)
        .sorted(Comparator.comparingInt(SotuAddress::year).thenComparing(a -> a.document().id())).toList();
    List<Document> early = years(all, Integer.MIN_VALUE, c.earlyUntil());
    List<Document> recent = years(all, c.earlyUntil(), c.laterUntil());
    Tokenizer tokenizer = Tokenizers.byName(c.base().tokenizer());
    List<Document> heldOut = firstTokens(years(all, c.laterUntil(), Integer.MAX_VALUE), tokenizer, c.maxHeldOutTokens());
    LOG.info("refresh study: {} early, {} recent, {} held-out addresses", early.size(), recent.size(), heldOut.size());

    TrainRunResult base = TrainRun.cachingTokensIn(c.workDir().resolve("tokens")).run(c.base(), corpus(early, c.workDir()));
    BundleStore store = BundleStore.at(c.base().store());
    GatedPublisher publisher = new GatedPublisher(store, c.workDir().resolve("scratch"), QualityGate.notWorse(),
        new HeldOutText(heldOut), c.scoreBatch());
    List<Document> countedOver = new ArrayList<>();
    for (Document d : early) if (Split.of(d.id()) == Split.TRAIN) countedOver.add(d);
    countedOver.addAll(recent);
    String sourceSha = DocumentDigest.of(countedOver);
    VocabularyStore.Published published = new VocabularyStore(c.base().store())
        .publishNext(select(c.base(), TokenCorpus.tokenize(countedOver, tokenizer)), sourceSha);
    FgramVocabulary refreshed = VocabularyFile.read(published.file(), published.sha256()).vocabulary();
    try (ModelBundle old = store.open(base.bundle().version())) {
      GatedPublisher.Outcome b = VocabularyRefresh.run(old, refreshed, sourceSha, publisher);
      TokenCorpus recentTokens = TokenCorpus.tokenize(recent, tokenizer);
      GatedPublisher.Outcome w = WarmStartRetrain.run(old, refreshed, sourceSha, recentTokens, c.warmStart(), publisher);
      // The control: the same warm start with the old vocabulary separates "trained on recent text"
      // from "new f-grams".
      GatedPublisher.Outcome control = WarmStartRetrain.run(old, old.vocabulary(), "", recentTokens, c.warmStart(),
          publisher);
      List<RefreshStudyResult.Row> rows = List.of(
          new RefreshStudyResult.Row("(a) old table (trained < " + c.earlyUntil() + ")", old.vocabulary().size(),
              b.decision().currentPerplexity(), "-"),
          new RefreshStudyResult.Row("(b) refreshed table, no retraining", refreshed.size(),
              b.decision().candidatePerplexity(), gate(b)),
          new RefreshStudyResult.Row("(c) warm-start retrain on " + c.earlyUntil() + "-" + (c.laterUntil() - 1)
              + " (" + c.warmStart().steps() + " steps), refreshed vocabulary", refreshed.size(),
              candidate(w), gate(w)),
          new RefreshStudyResult.Row("(d) control: the same warm start, old vocabulary", old.vocabulary().size(),
              candidate(control), gate(control)));
      return new RefreshStudyResult(setup(c, early, recent, heldOut), b.decision().heldOutTokens(),
          FgramDrift.newShare(old.vocabulary(), refreshed), unknownShare(old, heldOut, tokenizer), rows);
    }
  }

  private static double unknownShare(ModelBundle bundle, List<Document> docs, Tokenizer tokenizer) {
    int unk = bundle.tokenIds().modelVocabSize() - 1; // a compacted vocabulary's last id
    long total = 0;
    long unknown = 0;
    for (Document d : docs) {
      for (int t : tokenizer.encode(d.text())) {
        total++;
        if (bundle.tokenIds().toModel(t) == unk) unknown++;
      }
    }
    return total == 0 ? 0 : (double) unknown / total;
  }

  private static String gate(GatedPublisher.Outcome o) {
    if (o.failedToTrain()) return "failed to train: " + o.trainingFailure().get();
    return o.published().map(r -> "accepted, published v" + r.version()).orElse("rejected, not published");
  }

  /** The candidate's held-out perplexity; NaN for a run that failed to train (its row says so). */
  private static double candidate(GatedPublisher.Outcome o) {
    return o.failedToTrain() ? Double.NaN : o.decision().candidatePerplexity();
  }

  private static String setup(RefreshStudyConfig c, List<Document> early, List<Document> recent,
      List<Document> heldOut) {
    TrainRunConfig b = c.base();
    return String.format(Locale.ROOT, "SOTU; trained on %d addresses < %d (%d steps of %dx%d), recent text %d addresses"
        + " %d-%d, held out: %d addresses from %d; model %d layers, d=%d, context %d, max_n %d, S=%,d (min count %d)",
        early.size(), c.earlyUntil(), b.training().steps(), b.training().batchSize(), b.training().seqLen(),
        recent.size(), c.earlyUntil(), c.laterUntil() - 1, heldOut.size(), c.laterUntil(), b.layers(), b.dModel(),
        b.contextLength(), b.maxN(), b.fgrams(), b.fgramMinCount());
  }

  private static List<Document> years(List<SotuAddress> all, int from, int until) {
    return all.stream().filter(a -> a.year() >= from && a.year() < until).map(SotuAddress::document).toList();
  }

  /** Whole documents in order until {@code maxTokens} tokens are reached (at least one). */
  private static List<Document> firstTokens(List<Document> docs, Tokenizer tokenizer, int maxTokens) {
    List<Document> out = new ArrayList<>();
    long tokens = 0;
    for (Document d : docs) {
      if (!out.isEmpty() && tokens + tokenizer.encode(d.text()).length > maxTokens) break;
      out.add(d);
      tokens += tokenizer.encode(d.text()).length;
    }
    if (out.isEmpty()) throw new IllegalArgumentException("no held-out addresses after the recent years");
    return out;
  }

  private static FgramVocabulary select(TrainRunConfig b, TokenCorpus text) {
    NgramCounter counter = new NgramCounter(text.vocabSize(), b.maxN());
    for (int d = 0; d < text.documents(); d++) counter.addDocument(text.tokens(d));
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(text.tokenizer(), text.vocabSize(), b.maxN(), 0);
    return new FgramSelector(b.fgrams(), b.fgramMinCount()).select(counter, meta);
  }

  private static Corpus corpus(List<Document> documents, java.nio.file.Path workDir) {
    String sha = DocumentDigest.of(documents);
    CorpusSpec spec = new CorpusSpec("sotu-early", "local:sotu-early", sha.substring(0, 12), sha,
        "SOTU addresses before the study's split year", root -> documents);
    return new Corpus(spec, workDir, documents);
  }
}
