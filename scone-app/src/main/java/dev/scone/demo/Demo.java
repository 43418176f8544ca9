package dev.scone.demo;

import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.model.Devices;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.SotuAddress;
import dev.scone.training.data.TokenCorpus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code scone demo}: the whole life cycle on a laptop. Fetches the SOTU corpus if missing,
 * trains (or reuses) a baseline and a SCONE model on the early years, starts (or reuses) a local
 * broker, runs the count job, the inference job and the trainer, streams the corpus into
 * scone.corpus year by year, and after each batch tells what the trainer decided and which
 * bundle answered requests; ends with a {@link DemoSummary}. Everything lives under {@code dir}:
 * {@code models/} (kept between runs), {@code live/} (this run's store, remade each run),
 * {@code kafka/}, {@code tokens/}.
 *
 * <p>{@link #stop} (e.g. from a shutdown hook) stops everything this run started; one run per
 * instance; not thread-safe except for {@link #stop}.
 */
public final class Demo {
  private final DemoPlan plan;
  private final Path dir;
  private final Narrator say;
  private volatile DemoBroker broker;
  private volatile LiveSystem live;
  private volatile AnnouncementLog announcements;
  private boolean stopped;

  /** @param progress whether training and streaming draw progress bars on stderr */
  public Demo(DemoPlan plan, Path dir, PrintWriter out, boolean progress) {
    this.plan = plan;
    this.dir = dir.toAbsolutePath();
    this.say = new Narrator(out, progress);
  }

  /** Runs the demo to its end and stops what it started; returns the summary. */
  public DemoSummary run() throws Exception {
    try {
      return runSteps();
    } finally {
      stop();
    }
  }

  private DemoSummary runSteps() throws Exception {
    say.step("The plan. Everything goes under %s", dir);
    say.say("%s", plan.describe());
    // The serving model and the trainer's models run at once: half the cores each. PyTorch's default
    // (every core per op) made training ~10x slower on a busy 2-core machine (threads spin-waiting).
    say.say("PyTorch uses %d thread(s) per op", Devices.configureCpuThreads(2));
    say.step("Loading the State of the Union corpus (fetched into the scone cache if missing)");
    DemoCorpus corpus = DemoCorpus.load(plan);
    List<Document> heldOutDocs = corpus.heldOut(Tokenizers.byName("gpt2"));
    TokenCorpus heldOut = TokenCorpus.tokenize(heldOutDocs, Tokenizers.byName("gpt2"));
    say.say("%d early addresses to train on, %d held out (%,d tokens)", corpus.earlyAddresses().size(),
        heldOutDocs.size(), heldOut.size());
    Models models = models(corpus);
    say.step("Held-out perplexity on later text (lower is better)");
    double pBase = HeldOutPerplexity.of(models.baseline, heldOut);
    double pScone = HeldOutPerplexity.of(models.scone, heldOut);
    say.say("baseline %.1f, SCONE %.1f", pBase, pScone);
    LiveStore store = LiveStore.prepare(dir.resolve("live"), new ModelShelf(dir, plan).store(false), heldOutDocs);
    say.step("Starting the local Kafka broker");
    broker = DemoBroker.startOrReuse(dir.resolve("kafka"));
    say.say("%s at %s (pid %d)", broker.started() ? "started" : "reusing the running broker", broker.bootstrapServers(),
        broker.pid());
    BundleRef initial = BundleStore.at(store.store()).latest().orElseThrow();
    say.step("Starting the count job and the inference job (Flink MiniClusters) and the trainer");
    announcements = new AnnouncementLog(broker.bootstrapServers());
    live = LiveSystem.start(plan, broker.bootstrapServers(), store, initial);
    say.say("serving bundle v%d (%s); the trainer retrains when the gate rejects a refresh", initial.version(),
        initial.modelVersion());
    LivePhases phases = new LivePhases(plan, say, broker.bootstrapServers(), store, live, announcements,
        initial.version());
    phases.run(corpus);
    say.step("Held-out perplexity of the bundle served at the end");
    BundleRef last = BundleStore.at(store.store()).latest().orElseThrow();
    double pFinal = last.version() == initial.version() ? pScone
        : HeldOutPerplexity.of(BundleStore.at(store.store()).directory(last.version()), heldOut);
    say.say("bundle v%d: %.1f (SCONE at the start %.1f, baseline %.1f)", last.version(), pFinal, pScone, pBase);
    say.step("Stopping what the demo started");
    stop();
    return phases.summary(models.reused, initial.version(), last.version(), pBase, pScone, pFinal, heldOut.size(),
        say.seconds(), broker.bootstrapServers(), broker.started());
  }

  private record Models(Path baseline, Path scone, boolean reused) {}

  private Models models(DemoCorpus corpus) throws Exception {
    ModelShelf shelf = new ModelShelf(dir, plan);
    Optional<BundleRef> base = shelf.trained(true);
    Optional<BundleRef> scone = shelf.trained(false);
    boolean reused = base.isPresent() && scone.isPresent();
    say.step(reused ? "Reusing the models an earlier run trained for this plan"
        : "Training a baseline and a SCONE model on the early years");
    BundleRef b = base.isPresent() ? base.get() : train(shelf, true, corpus);
    BundleRef s = scone.isPresent() ? scone.get() : train(shelf, false, corpus);
    say.say("baseline bundle v%d (%s), SCONE bundle v%d (%s, %,d rows)", b.version(), b.modelVersion(), s.version(),
        s.modelVersion(), s.rows());
    return new Models(BundleStore.at(shelf.store(true)).directory(b.version()),
        BundleStore.at(shelf.store(false)).directory(s.version()), reused);
  }

  private BundleRef train(ModelShelf shelf, boolean baseline, DemoCorpus corpus) throws Exception {
    say.say("training the %s model (%d steps)", baseline ? "baseline" : "SCONE", plan.trainSteps());
    long t0 = System.nanoTime();
    BundleRef ref = shelf.train(baseline, corpus.early(dir.resolve("tokens")), dir.resolve("tokens"), say.progress());
    say.say("trained in %.0f s", (System.nanoTime() - t0) / 1e9);
    return ref;
  }

  /** Stops the trainer and the jobs, and the broker when this run started it. Idempotent; any thread. */
  public synchronized void stop() {
    if (stopped) return;
    stopped = true;
    if (live != null) live.stop();
    if (announcements != null) {
      try {
        announcements.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (broker != null) broker.stopIfStarted();
  }

  static List<Document> documents(List<SotuAddress> addresses) {
    return addresses.stream().map(SotuAddress::document).toList();
  }
}
