package dev.scone.demo;

import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.training.corpus.Corpora;
import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.CorpusSpec;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.SotuAddress;
import dev.scone.training.data.DocumentDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The State of the Union addresses in year order, cut by a {@link DemoPlan}: the early years the
 * models train on, the live batches, and the held-out later text. Immutable.
 */
final class DemoCorpus {
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

  private final DemoPlan plan;
  private final List<SotuAddress> addresses; // by year, then id

  private DemoCorpus(DemoPlan plan, List<SotuAddress> addresses) {
    this.plan = plan;
    this.addresses = addresses;
  }

  /** Loads the SOTU corpus from the scone cache, fetching it first when it is missing. */
  static DemoCorpus load(DemoPlan plan) throws IOException {
    List<SotuAddress> all = Corpora.load("sotu").documents().stream().map(SotuAddress::of)
        .sorted(Comparator.comparingInt(SotuAddress::year).thenComparing(a -> a.document().id())).toList();
    return new DemoCorpus(plan, all);
  }

  /** The training corpus: the addresses before {@code trainUntil}, labelled by the plan (its token cache name). */
  Corpus early(Path directory) {
    List<Document> docs = years(Integer.MIN_VALUE, plan.trainUntil());
    String sha = DocumentDigest.of(docs);
    CorpusSpec spec = new CorpusSpec("sotu-demo-" + plan.name(), "local:sotu-demo", sha.substring(0, 12), sha,
        "SOTU addresses before " + plan.trainUntil(), root -> docs);
    return new Corpus(spec, directory, docs);
  }

  List<SotuAddress> earlyAddresses() {
    return addresses.stream().filter(a -> a.year() < plan.trainUntil()).toList();
  }

  /** Live batch {@code i} of {@code plan.batches()}. */
  List<SotuAddress> batch(int i) {
    int from = plan.batchStart(i);
    int until = plan.batchStart(i + 1);
    return addresses.stream().filter(a -> a.year() >= from && a.year() < until).toList();
  }

  /**
   * The addresses from {@code streamUntil} on, in order, up to the plan's token budget; the last
   * one is cut after the sentence that reaches it (so the first address alone may be cut).
   */
  List<Document> heldOut(Tokenizer tokenizer) {
    List<Document> out = new ArrayList<>();
    long tokens = 0;
    for (Document d : years(plan.streamUntil(), Integer.MAX_VALUE)) {
      StringBuilder kept = new StringBuilder();
      for (String sentence : SENTENCE_END.split(d.text())) {
        if (tokens >= plan.heldOutTokens()) break;
        kept.append(sentence).append(' ');
        tokens += tokenizer.encode(sentence).length + 1;
      }
      if (kept.length() > 0) out.add(new Document(d.id(), kept.toString()));
      if (tokens >= plan.heldOutTokens()) break;
    }
    if (out.isEmpty()) throw new IllegalStateException("no SOTU addresses from " + plan.streamUntil() + " on to hold out");
    return out;
  }

  /** Writes {@code docs} as {@code <id>.txt} files into {@code dir} (created), the trainer's text-directory format. */
  static void write(List<Document> docs, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Document d : docs) Files.writeString(dir.resolve(d.id() + ".txt"), d.text(), StandardCharsets.UTF_8);
  }

  private List<Document> years(int from, int until) {
    return addresses.stream().filter(a -> a.year() >= from && a.year() < until).map(SotuAddress::document).toList();
  }
}
