package dev.scone.training.experiment;

import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.Split;
import dev.scone.training.data.TokenCorpus;
import dev.scone.training.refresh.GatedPublisher;
import dev.scone.training.refresh.HeldOutText;
import dev.scone.training.refresh.QualityGate;
import dev.scone.training.refresh.VocabularyRefresh;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The system's own vocabulary-refresh path tried on a text of another domain, without retraining:
 * the domain's documents are cut by {@link Split} (TRAIN: the adaptation part, where new f-grams
 * are counted; VALIDATION and TEST: held out), and the centre's bundle gets a new vocabulary of the
 * same size whose rows its f-gram model computes ({@link VocabularyRefresh}). Two vocabularies are
 * tried: the top S of SOTU train plus the adaptation part, and the top S of the adaptation part
 * alone. Each is scored on the held-out part through the refresh path's own gate measure (table
 * path, non-overlapping windows of the context), beside the current bundle and baseline M.
 * Not thread-safe; writes refreshed bundles under its scratch directory only.
 */
public final class DomainRefresh {

  /**
   * One text's outcome; perplexities on the held-out part (table path, windows of the context).
   *
   * @param matchedBefore fraction of held-out positions reading an f-gram row with the trained vocabulary
   * @param matchedMixed the same with the SOTU + domain vocabulary
   * @param matchedDomain the same with the domain-only vocabulary
   */
  public record Result(String text, long heldOutTokens, double baselineM, double current, double refreshedMixed,
      double refreshedDomain, double matchedBefore, double matchedMixed, double matchedDomain) {}

  private final Path scratch;

  public DomainRefresh(Path scratch) {
    this.scratch = scratch;
  }

  /**
   * @param centre the SCONE bundle refreshed (never modified)
   * @param baselineM the baseline it is compared with
   * @param sotuTrain the documents SCONE's f-grams were counted on
   * @param maxHeldOut whole held-out documents are taken until about this many tokens
   */
  public Result run(Path centre, Path baselineM, List<Document> sotuTrain, EvalText text, int maxHeldOut)
      throws IOException {
    List<Document> adaptation = text.documents().stream().filter(d -> Split.of(d.id()) == Split.TRAIN).toList();
    List<Document> heldOut = firstTokens(text.documents().stream().filter(d -> Split.of(d.id()) != Split.TRAIN)
        .toList(), maxHeldOut);
    try (ModelBundle current = ModelBundle.open(centre); ModelBundle baseline = ModelBundle.open(baselineM)) {
      var manifest = current.manifest();
      var tokenizer = Tokenizers.byName(manifest.tokenizer());
      TokenCorpus domain = TokenCorpus.tokenize(adaptation, tokenizer);
      List<Document> mix = new ArrayList<>(sotuTrain);
      mix.addAll(adaptation);
      int s = current.vocabulary().size();
      FgramVocabulary mixed = select(TokenCorpus.tokenize(mix, tokenizer), current, s);
      FgramVocabulary domainOnly = select(domain, current, s);
      HeldOutText held = new HeldOutText(heldOut);
      TokenCorpus heldTokens = held.tokens(manifest.tokenizer());
      GatedPublisher publisher = publisher(text.name(), held);
      double base = publisher.score(baseline, heldTokens).perplexity();
      var a = VocabularyRefresh.run(current, mixed, "", publisher).decision();
      var b = VocabularyRefresh.run(current, domainOnly, "", publisher).decision();
      return new Result(text.name(), a.heldOutTokens(), base, a.currentPerplexity(), a.candidatePerplexity(),
          b.candidatePerplexity(), matched(current.vocabulary(), heldTokens), matched(mixed, heldTokens),
          matched(domainOnly, heldTokens));
    }
  }

  /** A publisher into a scratch store whose gate lets every candidate through: here we measure, not serve. */
  private GatedPublisher publisher(String text, HeldOutText held) throws IOException {
    Path dir = scratch.resolve(text.replaceAll("[^a-z0-9-]", "_"));
    return new GatedPublisher(BundleStore.at(dir.resolve("store")), dir.resolve("gate"), new QualityGate(-0.99),
        held, 8);
  }

  private static FgramVocabulary select(TokenCorpus text, ModelBundle current, int size) {
    NgramCounter counter = new NgramCounter(text.vocabSize(), current.config().maxN());
    for (int d = 0; d < text.documents(); d++) counter.addDocument(text.tokens(d));
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(text.tokenizer(), text.vocabSize(), current.config().maxN(), 0);
    return new FgramSelector(size, FgramSelector.DEFAULT_MIN_COUNT).select(counter, meta);
  }

  private static double matched(FgramVocabulary vocabulary, TokenCorpus text) {
    FgramMatcher matcher = FgramMatcher.build(vocabulary);
    int v = vocabulary.meta().vocabSize();
    long hit = 0;
    long all = 0;
    for (int d = 0; d < text.documents(); d++) {
      for (int r : matcher.rows(text.tokens(d))) {
        all++;
        if (r >= v) hit++;
      }
    }
    return all == 0 ? 0 : (double) hit / all;
  }

  /** Whole documents in order until about {@code maxTokens} tokens (characters / 4 as the estimate; at least one). */
  private static List<Document> firstTokens(List<Document> docs, int maxTokens) {
    List<Document> out = new ArrayList<>();
    long estimate = 0;
    for (Document d : docs) {
      if (!out.isEmpty() && estimate >= maxTokens) break;
      out.add(d);
      estimate += d.text().length() / 4;
    }
    if (out.isEmpty()) throw new IllegalArgumentException("no held-out documents");
    return out;
  }
}
