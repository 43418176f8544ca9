package dev.scone.jobs.count;

import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The unbounded f-gram count: records (raw text or {@code {"id","text"}}, as on {@code
 * scone.corpus}) to vocabulary versions published on a timer. Shares parse, tokenize and the
 * per-document pre-aggregation with {@link FgramCountJob}; then:
 *
 * <pre>
 * partitionCustom(CountPartitioner) -> count-exact (primitive table per subtask; its top S as a CandidateBatch per interval)
 *   -> keyBy(0) -> select-and-publish (parallelism 1, on a timer) -> VocabAnnouncement
 * </pre>
 *
 * Announce on {@code scone.vocab} with {@link VocabAnnouncements#exactlyOnce} (transactional, what
 * {@link KafkaFgramCountJob} uses) or the at-least-once {@link VocabAnnouncementSink}. A job
 * restored from a checkpoint publishes the same final vocabulary as an uninterrupted run: counts,
 * candidates, the version counter and the source position are restored together.
 */
public final class StreamingFgramCountJob {
  private StreamingFgramCountJob() {}

  /** The pipeline from record values to announcements of published versions. */
  public static DataStream<VocabAnnouncement> build(DataStream<byte[]> records, CountJobConfig config, StreamingIntervals intervals) {
    Tokenizer tokenizer = Tokenizers.byName(config.tokenizer());
    DataStream<CandidateBatch> candidates =
        FgramCountJob.count(FgramCountJob.perDocumentCounts(records, config), config, intervals.candidateIntervalMs());
    return candidates.keyBy(new ConstantKey<CandidateBatch>())
        .process(new StreamingSelectAndPublish(tokenizer.name(), tokenizer.vocabSize(), config, intervals.publishIntervalMs()))
        .setParallelism(1).setMaxParallelism(1).name("select-and-publish").uid("select-and-publish");
  }
}
