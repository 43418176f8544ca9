package dev.scone.counting;

import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The unbounded f-gram count: records (raw text or {@code {"id","text"}}, as on {@code
 * scone.corpus}) to vocabulary versions published on a timer. Shares parse, tokenize and the
 * per-document pre-aggregation with {@link FgramCountJob}; then:
 *
 * <pre>
 * keyBy(lo, hi) -> count-exact (keyed ValueState&lt;Long&gt; + live top S per subtask; a CandidateBatch per interval)
 *   -> keyBy(0) -> select-and-publish (parallelism 1, on a timer) -> VocabAnnouncement
 * </pre>
 *
 * Announce with {@link VocabAnnouncementSink} on {@code scone.vocab}. Reading {@code scone.corpus}
 * with Flink's KafkaSource needs {@code flink-connector-base} on the classpath, which the build does
 * not have yet; any {@code DataStream<byte[]>} of record values works meanwhile.
 */
public final class StreamingFgramCountJob {
  private StreamingFgramCountJob() {}

  /** The pipeline from record values to announcements of published versions. */
  public static DataStream<VocabAnnouncement> build(DataStream<byte[]> records, CountJobConfig config, StreamingIntervals intervals) {
    if (config.mode() != CountingMode.EXACT) {
      throw new IllegalArgumentException("counting mode " + config.mode() + " is not implemented; expected EXACT");
    }
    Tokenizer tokenizer = Tokenizers.byName(config.tokenizer());
    int vocabSize = tokenizer.vocabSize();
    DataStream<CandidateBatch> candidates = FgramCountJob.perDocumentCounts(records, config)
        .keyBy(new NgramKey())
        .process(new StreamingExactCount(vocabSize, config.maxN(), config.fgrams(), config.minCount(),
            intervals.candidateIntervalMs()))
        .name("count-exact").uid("count-exact");
    return candidates.keyBy(new ConstantKey<CandidateBatch>())
        .process(new StreamingSelectAndPublish(tokenizer.name(), vocabSize, config, intervals.publishIntervalMs()))
        .setParallelism(1).setMaxParallelism(1).name("select-and-publish").uid("select-and-publish");
  }
}
