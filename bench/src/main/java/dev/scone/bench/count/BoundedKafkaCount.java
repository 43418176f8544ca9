package dev.scone.bench.count;

import dev.scone.jobs.count.CountJobConfig;
import dev.scone.jobs.count.FgramCountJob;
import dev.scone.jobs.count.ParseCorpusRecords;
import dev.scone.jobs.count.PublishedVocabulary;
import dev.scone.jobs.count.SelectAndPublish;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One bounded run of the real counting operators ({@link FgramCountJob#build}) over a corpus
 * topic: a KafkaSource from the earliest offsets, bounded at the offsets that are latest when the
 * job starts, so the job ends once it has read everything and published once.
 */
final class BoundedKafkaCount {

  /**
   * What one run gave.
   *
   * @param published the vocabulary the job published
   * @param netSeconds the job's runtime as Flink reports it (submission to finish, s)
   * @param wallSeconds wall time of {@code execute} including the MiniCluster's start and stop (s)
   */
  record Run(PublishedVocabulary published, double netSeconds, double wallSeconds) {}

  private BoundedKafkaCount() {}

  /**
   * Runs the job in a local MiniCluster at {@code config.parallelism()}.
   *
   * @throws IllegalStateException when the job did not publish exactly once, or skipped or split
   *     records (then it did not count the same documents as the batch counter)
   */
  static Run run(String bootstrap, String topic, String groupId, CountJobConfig config) throws Exception {
    StreamExecutionEnvironment env = FgramCountJob.localEnvironment(config);
    env.setParallelism(config.parallelism());
    KafkaSource<byte[]> source = KafkaSource.<byte[]>builder()
        .setBootstrapServers(bootstrap)
        .setTopics(topic)
        .setGroupId(groupId)
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setBounded(OffsetsInitializer.latest())
        .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
        .build();
    DataStream<byte[]> records = env.fromSource(source, WatermarkStrategy.noWatermarks(), "corpus").uid("corpus");
    FgramCountJob.build(records, config).sinkTo(new DiscardingSink<>()).name("discard").uid("discard");
    long start = System.nanoTime();
    JobExecutionResult result = env.execute("scone count-stream bench (" + topic + ")");
    double wall = (System.nanoTime() - start) / 1e9;
    List<PublishedVocabulary> published = result.getAccumulatorResult(SelectAndPublish.PUBLISHED);
    if (published == null || published.size() != 1) {
      throw new IllegalStateException("expected one published vocabulary from the bounded Kafka run, got " + published);
    }
    long bad = counter(result, ParseCorpusRecords.BAD_RECORDS);
    long split = counter(result, ParseCorpusRecords.SPLIT_PIECES);
    if (bad != 0 || split != 0) {
      throw new IllegalStateException("the job skipped " + bad + " bad records and split off " + split
          + " pieces; expected 0 and 0 so that it counts the same documents as the batch counter");
    }
    return new Run(published.get(0), result.getNetRuntime() / 1e3, wall);
  }

  private static long counter(JobExecutionResult result, String name) {
    Object v = result.getAccumulatorResult(name);
    return v == null ? 0 : ((Number) v).longValue();
  }
}
