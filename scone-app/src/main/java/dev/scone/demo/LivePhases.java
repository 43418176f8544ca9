package dev.scone.demo;

import dev.scone.client.RequestTimeoutException;
import dev.scone.training.corpus.SotuAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The live part of the demo: streams the early years and then each later batch into
 * scone.corpus, and after each waits for the new vocabulary, tells what the trainer's gate
 * decided, checks whether serving swapped to a newly announced bundle, and sends sample requests.
 * Not thread-safe.
 */
final class LivePhases {
  private static final Duration QUIET = Duration.ofSeconds(6); // > the count job's publish + candidate intervals
  private static final Duration VOCAB_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration TRAINER_TIMEOUT = Duration.ofMinutes(6);
  private static final Duration SWAP_TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> TEXTS = List.of(
      "The state of the Union is strong, and our commerce with foreign nations continues to grow.",
      "I recommend to the consideration of Congress the condition of the public revenue and the national debt.",
      "Our relations with the Indian tribes and with the nations of Europe remain peaceful.",
      "The army and the navy have been maintained at the strength provided by law.");
  private static final List<String> PROMPTS = List.of(
      "Fellow-Citizens of the Senate and House of Representatives:",
      "The condition of the Treasury",
      "I have the satisfaction to inform you that",
      "It is with great pleasure that");

  private final DemoPlan plan;
  private final Narrator say;
  private final LiveStore store;
  private final AnnouncementLog announcements;
  private final TrainerDecisions decisions;
  private final CorpusFeed feed;
  private final SampleRequests requests;
  private final LiveSystem live;
  private final List<TrainerDecisions.Decision> allDecisions = new ArrayList<>();
  private final List<Double> vocabLags = new ArrayList<>(); // s from the end of a batch to its vocabulary's announcement
  private final List<Double> swapLags = new ArrayList<>(); // s from a table's announcement to an answer from it
  private long lastVocab;
  private long serving;
  private double streamSeconds;
  private int round;

  LivePhases(DemoPlan plan, Narrator say, String bootstrap, LiveStore store, LiveSystem live,
      AnnouncementLog announcements, long initialBundle) {
    this.plan = plan;
    this.live = live;
    this.say = say;
    this.store = store;
    this.announcements = announcements;
    this.decisions = new TrainerDecisions(store.store());
    this.feed = new CorpusFeed(bootstrap, "scone.corpus", plan.feedDocsPerSecond(), say.progress());
    this.requests = new SampleRequests(bootstrap, plan.generateTokens());
    this.serving = initialBundle;
  }

  void run(DemoCorpus corpus) throws Exception {
    try {
      say.step("Sample requests to the bundle served first");
      samples();
      List<SotuAddress> early = corpus.earlyAddresses();
      phase("the years the models were trained on", early);
      for (int i = 0; i < plan.batches(); i++) phase("later years, batch " + (i + 1) + " of " + plan.batches(), corpus.batch(i));
    } finally {
      feed.close();
      requests.close();
    }
  }

  private void phase(String label, List<SotuAddress> batch) throws Exception {
    if (batch.isEmpty()) return;
    int from = batch.get(0).year();
    int to = batch.get(batch.size() - 1).year();
    say.step("Streaming %s (%d-%d, %d addresses) into scone.corpus", label, from, to, batch.size());
    DemoCorpus.write(Demo.documents(batch), store.recent()); // the trainer retrains on what has arrived so far
    long failedBefore = live.trainerStats().failed();
    long t0 = System.nanoTime();
    feed.send(from + "-" + to, batch);
    long fed = System.nanoTime();
    streamSeconds += (fed - t0) / 1e9;
    long vocab = announcements.awaitSettled(AnnouncementLog.VOCAB, lastVocab, QUIET, VOCAB_TIMEOUT);
    if (vocab == lastVocab) {
      say.say("no new vocabulary was announced within %d s", VOCAB_TIMEOUT.toSeconds());
      return;
    }
    say.say("the count job announced vocabulary %s", newVocabularies());
    vocabLags.add(Math.max(0, seen(AnnouncementLog.VOCAB, vocab) - fed) / 1e9);
    lastVocab = vocab;
    say.say("the trainer refreshes the table (new f-grams get rows from the f-gram model) and scores it on held-out text ...");
    if (!decisions.awaitHandled(vocab, TRAINER_TIMEOUT, () -> live.trainerStats().failed() > failedBefore)) {
      say.say("the trainer did not handle vocabulary v%d (failed, or not within %d min; see the log)", vocab,
          TRAINER_TIMEOUT.toMinutes());
    }
    for (TrainerDecisions.Decision d : decisions.next()) tell(d);
    swap();
    samples();
  }

  /** When the announcement of {@code version} on {@code topic} was read ({@link System#nanoTime}). */
  private long seen(String topic, long version) {
    return announcements.all(topic).stream().filter(a -> a.version() == version)
        .mapToLong(AnnouncementLog.Announced::seenNanos).findFirst().orElse(System.nanoTime());
  }

  private String newVocabularies() {
    List<String> out = new ArrayList<>();
    for (AnnouncementLog.Announced a : announcements.all(AnnouncementLog.VOCAB)) {
      if (a.version() > lastVocab) out.add("v" + a.version() + " (" + a.fgrams() + " f-grams)");
    }
    return String.join(", ", out);
  }

  private void tell(TrainerDecisions.Decision d) {
    allDecisions.add(d);
    String what = d.path().equals("retrain") ? "warm-start retrain on the text so far" : "refresh without retraining";
    if (d.failedToTrain()) {
      say.say("vocabulary v%d, %s: failed to train, not judged by the gate (%s)", d.vocabVersion(), what, d.failure());
      return;
    }
    say.say("gate, vocabulary v%d, %s: perplexity %.2f -> %.2f on %,d held-out tokens: %s", d.vocabVersion(), what,
        d.currentPerplexity(), d.candidatePerplexity(), d.heldOutTokens(),
        d.accepted() ? "accepted, published bundle v" + d.publishedVersion() : "rejected (kept the current bundle)");
  }

  /** Waits until serving answers from the newest announced bundle, if one was announced since the last check. */
  private void swap() throws RequestTimeoutException, InterruptedException {
    List<Long> tables = announcements.versions(AnnouncementLog.TABLES);
    long newest = tables.isEmpty() ? serving : tables.get(tables.size() - 1);
    if (newest <= serving) {
      say.say("no new bundle: serving stays on v%d", serving);
      return;
    }
    long deadline = System.nanoTime() + SWAP_TIMEOUT.toNanos();
    long answered;
    while ((answered = requests.probe(TEXTS.get(0))) < newest && System.nanoTime() < deadline) Thread.sleep(250);
    if (answered >= newest) swapLags.add(Math.max(0, System.nanoTime() - seen(AnnouncementLog.TABLES, newest)) / 1e9);
    say.say(answered >= newest ? "serving hot-swapped to bundle v%d (answers now carry table_version %d)"
        : "serving still answers from v%2$d, %1$d was announced", newest, answered);
    serving = answered;
  }

  private void samples() throws RequestTimeoutException {
    List<String> prompts = new ArrayList<>();
    for (int i = 0; i < plan.requestsPerBatch(); i++) prompts.add(PROMPTS.get((round + i) % PROMPTS.size()));
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < plan.requestsPerBatch(); i++) texts.add(TEXTS.get((round + i) % TEXTS.size()));
    round++;
    List<SampleRequests.Answer> got = requests.send(texts, prompts);
    for (SampleRequests.Answer a : got) {
      if (a.error() != null) {
        say.say("%s: error %s", a.op(), a.error());
      } else if (a.op().equals("score")) {
        say.say("score (bundle v%d, %d ms): perplexity %.1f", a.tableVersion(), a.latencyMs(), a.perplexity());
      } else {
        say.say("generate (bundle v%d, %d ms): \"%s\"", a.tableVersion(), a.latencyMs(), a.text().strip().replace('\n', ' '));
      }
    }
  }

  DemoSummary summary(boolean reused, long initial, long last, double pBase, double pInitial, double pFinal,
      long heldOutTokens, double wall, String broker, boolean brokerStarted) {
    return new DemoSummary(plan.name(), reused, initial, last, announcements.versions(AnnouncementLog.VOCAB),
        announcements.versions(AnnouncementLog.TABLES), requests.tableVersions(), pBase, pInitial, pFinal, heldOutTokens,
        count("refresh", true), count("refresh", false), count("retrain", true), count("retrain", false),
        (int) allDecisions.stream().filter(TrainerDecisions.Decision::failedToTrain).count(),
        requests.answered("score"), requests.answered("generate"), requests.errors(), requests.meanLatencyMs(),
        feed.documents(), feed.words(), streamSeconds, mean(vocabLags), mean(swapLags), wall, broker, brokerStarted);
  }

  private static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Gate decisions on {@code path}, accepted or rejected; failures to train are no gate decision. */
  private int count(String path, boolean accepted) {
    return (int) allDecisions.stream()
        .filter(d -> !d.failedToTrain() && d.path().equals(path) && d.accepted() == accepted).count();
  }
}
