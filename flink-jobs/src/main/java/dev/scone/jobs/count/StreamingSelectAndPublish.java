package dev.scone.jobs.count;

import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.training.fgrams.VocabularyStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step "select-and-publish" of the unbounded job (parallelism 1, one constant key): keeps the
 * newest {@link CandidateBatch} of every counting subtask in keyed state, and {@code
 * publishIntervalMs} after the first change selects F from their union with {@link FgramSelector},
 * publishes it as the next {@link VocabularyStore} version and emits its {@link
 * VocabAnnouncement}. A selection equal to the last one published is not published again.
 *
 * <p><b>Versions across restores.</b> The last published version is keyed state ({@value
 * #VERSION_STATE}), so it is restored with the counts it was selected from; a fresh job starts
 * after the store's highest version. Writing the file is a side effect outside checkpoints, made
 * idempotent by {@link VocabularyVersions}: a restored job that selects the same content again
 * reuses the file of that version, and one that selects other content skips to a free version
 * instead of overwriting. With a transactional sink ({@link VocabAnnouncements#exactlyOnce}) the
 * announcement commits with the checkpoint that holds the new version, so a {@code read_committed}
 * reader sees each version once, in increasing order.
 */
public final class StreamingSelectAndPublish extends KeyedProcessFunction<Integer, CandidateBatch, VocabAnnouncement> {
  /** Keyed state name: the version announced last. */
  public static final String VERSION_STATE = "published-version";
  private static final Logger LOG = LoggerFactory.getLogger(StreamingSelectAndPublish.class);

  private final String tokenizer;
  private final int vocabSize;
  private final CountJobConfig config;
  private final long publishIntervalMs;
  private transient MapState<Integer, CandidateBatch> latest;
  private transient ValueState<Boolean> timerPending;
  private transient ValueState<Long> publishedVersion;
  private transient VocabularyVersions versions;
  private transient FgramVocabulary lastPublished; // cache of the file of publishedVersion

  public StreamingSelectAndPublish(String tokenizer, int vocabSize, CountJobConfig config, long publishIntervalMs) {
    this.tokenizer = tokenizer;
    this.vocabSize = vocabSize;
    this.config = config;
    this.publishIntervalMs = publishIntervalMs;
  }

  @Override
  public void open(OpenContext context) {
    latest = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("latest-candidates", Types.INT, TypeInformation.of(CandidateBatch.class)));
    timerPending = getRuntimeContext().getState(new ValueStateDescriptor<>("timer-pending", Types.BOOLEAN));
    publishedVersion = getRuntimeContext().getState(new ValueStateDescriptor<>(VERSION_STATE, Types.LONG));
    versions = new VocabularyVersions(Path.of(config.store()));
  }

  @Override
  public void processElement(CandidateBatch batch, Context ctx, Collector<VocabAnnouncement> out) throws Exception {
    latest.put(batch.subtask, batch);
    if (batch.parallelism > 0) {
      // Restored at a lower parallelism: the batches of subtasks beyond it are stale, their
      // n-grams are counted (and sent) by the remaining subtasks now; kept, they would count twice.
      List<Integer> gone = new ArrayList<>();
      for (Integer subtask : latest.keys()) if (subtask >= batch.parallelism) gone.add(subtask);
      for (Integer subtask : gone) latest.remove(subtask);
    }
    if (timerPending.value() == null) {
      timerPending.update(true);
      ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + publishIntervalMs);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<VocabAnnouncement> out) throws Exception {
    timerPending.clear();
    GatheredCandidates merged = GatheredCandidates.of(latest.values(), config, vocabSize);
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(tokenizer, vocabSize, config.maxN(), 0);
    FgramVocabulary vocab = new FgramSelector(config.fgrams(), config.minCount()).select(merged.counts, meta);
    Long last = publishedVersion.value();
    if (last != null && lastPublished == null) lastPublished = versions.read(last); // after a restore
    if (lastPublished != null && lastPublished.sameContent(vocab.withVersion(last))) return;
    long next = (last != null ? last : versions.latestVersion().orElse(0)) + 1;
    VocabularyStore.Published p = versions.publishFrom(next, vocab, config.sourceSha256());
    publishedVersion.update(p.version());
    lastPublished = vocab.withVersion(p.version());
    LOG.info("published f-gram vocabulary version {} ({} f-grams from {} candidates, {}) at {}",
        p.version(), vocab.size(), merged.counts.size(), merged.accuracy(config), p.file());
    out.collect(new VocabAnnouncement(p.version(), p.file().toUri().toString(), p.sha256(), vocab.size(),
        config.maxN(), Instant.now().toString()));
  }
}
