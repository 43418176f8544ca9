package dev.scone.counting;

import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.training.fgrams.VocabularyStore;
import java.nio.file.Path;
import java.time.Instant;
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
 * VocabAnnouncement}. A selection equal to the last one published by this instance is not
 * published again.
 *
 * <p>The publish is a side effect outside checkpoints: after a restore a version may be published
 * again under a new number, never half-written (the store's publish is atomic).
 */
public final class StreamingSelectAndPublish extends KeyedProcessFunction<Integer, CandidateBatch, VocabAnnouncement> {
  private static final Logger LOG = LoggerFactory.getLogger(StreamingSelectAndPublish.class);

  private final String tokenizer;
  private final int vocabSize;
  private final CountJobConfig config;
  private final long publishIntervalMs;
  private transient MapState<Integer, CandidateBatch> latest;
  private transient ValueState<Boolean> timerPending;
  private transient FgramVocabulary lastPublished;

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
  }

  @Override
  public void processElement(CandidateBatch batch, Context ctx, Collector<VocabAnnouncement> out) throws Exception {
    latest.put(batch.subtask, batch);
    if (timerPending.value() == null) {
      timerPending.update(true);
      ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + publishIntervalMs);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<VocabAnnouncement> out) throws Exception {
    timerPending.clear();
    CandidateCounts merged = new CandidateCounts(vocabSize, config.maxN());
    for (CandidateBatch b : latest.values()) {
      for (int i = 0; i < b.size(); i++) merged.add(new NgramCount(b.lo[i], b.hi[i], b.count[i]));
    }
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(tokenizer, vocabSize, config.maxN(), 0);
    FgramVocabulary vocab = new FgramSelector(config.fgrams(), config.minCount()).select(merged, meta);
    if (lastPublished != null && lastPublished.sameContent(vocab)) return;
    VocabularyStore.Published p = new VocabularyStore(Path.of(config.store())).publishNext(vocab, config.sourceSha256());
    lastPublished = vocab;
    LOG.info("published f-gram vocabulary version {} ({} f-grams) at {}", p.version(), vocab.size(), p.file());
    out.collect(new VocabAnnouncement(p.version(), p.file().toUri().toString(), p.sha256(), vocab.size(),
        config.maxN(), Instant.now().toString()));
  }
}
