package dev.scone.jobs.count;

import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The streaming f-gram count: records to a published f-gram vocabulary. Only wires; each step is
 * its own class with a stable uid (the uids are state identities: do not rename them):
 *
 * <pre>
 * records (byte[]) -parse-> CorpusDocument -tokenize-> int[] -ngrams-per-document-> NgramBatch (distinct per document, one per subtask)
 *   -partitionCustom(CountPartitioner)-> count-exact (primitive table per subtask; its top S at end of input)
 *   -> select-and-publish (parallelism 1) -> PublishedVocabulary
 * </pre>
 *
 * In a bounded run the end of input ends the count and selection runs once. Kryo is switched
 * off ({@code pipeline.generic-types: false}): every record type has a Flink serializer.
 */
public final class FgramCountJob {
  private FgramCountJob() {}

  /** Appends the counting pipeline to {@code records}; the result carries one element per publish. */
  public static DataStream<PublishedVocabulary> build(DataStream<byte[]> records, CountJobConfig config) {
    Tokenizer tokenizer = Tokenizers.byName(config.tokenizer());
    int vocabSize = tokenizer.vocabSize();
    DataStream<CandidateBatch> candidates = count(perDocumentCounts(records, config), config, 0);
    return candidates.fullWindowPartition()
        .mapPartition(new SelectAndPublish(tokenizer.name(), vocabSize, config))
        .setParallelism(1).name("select-and-publish").uid("select-and-publish");
  }

  /**
   * The stages before the shuffle, shared by the bounded and the unbounded job: parse, tokenize,
   * and each document's distinct n-grams with their counts in it, batched per counting subtask.
   */
  public static DataStream<NgramBatch> perDocumentCounts(DataStream<byte[]> records, CountJobConfig config) {
    Tokenizer tokenizer = Tokenizers.byName(config.tokenizer());
    DataStream<CorpusDocument> documents = records
        .flatMap(new ParseCorpusRecords(config.jsonRecords(), config.maxDocumentChars())).name("parse").uid("parse");
    DataStream<int[]> tokens = documents
        .map(new TokenizeDocuments(tokenizer.name())).name("tokenize").uid("tokenize");
    return tokens.flatMap(new DocumentNgramCounts(tokenizer.vocabSize(), config.maxN(), config.parallelism()))
        .name("ngrams-per-document").uid("ngrams-per-document");
  }

  /**
   * The counting step (uid {@code count-exact}, {@code count-bounded} or {@code count-recency}) at
   * {@code config.parallelism()}, each n-gram routed to its one subtask by {@link CountPartitioner}.
   *
   * @param emitIntervalMs ms between candidate batches while counts change; 0: at end of input only
   */
  static DataStream<CandidateBatch> count(DataStream<NgramBatch> perDocument, CountJobConfig config, long emitIntervalMs) {
    int vocabSize = Tokenizers.byName(config.tokenizer()).vocabSize();
    DataStream<NgramBatch> routed = perDocument.partitionCustom(new CountPartitioner(), new CountPartitioner.Key());
    TypeInformation<CandidateBatch> type = TypeInformation.of(CandidateBatch.class);
    int maxN = config.maxN();
    switch (config.mode()) {
      case EXACT:
        return routed.transform("count-exact", type,
                new ExactPartitionCount(vocabSize, maxN, config.fgrams(), config.minCount(), emitIntervalMs))
            .setParallelism(config.parallelism()).uid("count-exact");
      case BOUNDED:
        return routed.transform("count-bounded", type, new BoundedPartitionCount(vocabSize, maxN, config.fgrams(),
                config.minCount(), emitIntervalMs, config.summaryCapacity()))
            .setParallelism(config.parallelism()).uid("count-bounded");
      case RECENCY:
        return routed.transform("count-recency", type, new RecencyPartitionCount(vocabSize, maxN, config.fgrams(),
                config.minCount(), emitIntervalMs, config.halfLifeMs()))
            .setParallelism(config.parallelism()).uid("count-recency");
      default:
        throw new IllegalArgumentException("counting mode " + config.mode() + " is not implemented");
    }
  }

  /**
   * A local (in-process MiniCluster) environment at {@code config.parallelism()}, Kryo off, object
   * reuse on: chained steps hand records over without a deep copy (each document's text and tokens
   * were copied once per step otherwise). Safe here because no step keeps or mutates a record it
   * received after handing it on; the only step that keeps records (select-and-publish's candidate
   * state) receives them over the network, freshly deserialized.
   */
  public static StreamExecutionEnvironment localEnvironment(CountJobConfig config) {
    return localEnvironment(config, new Configuration());
  }

  /** As {@link #localEnvironment(CountJobConfig)}, with {@code extra} settings added (Kryo stays off). */
  public static StreamExecutionEnvironment localEnvironment(CountJobConfig config, Configuration extra) {
    Configuration conf = new Configuration(extra);
    conf.addAll(pipelineOptions());
    return StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), conf);
  }

  /** The counting jobs' pipeline options (Kryo off, object reuse on), for any environment, a cluster's too. */
  public static Configuration pipelineOptions() {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    return conf;
  }

  /**
   * Counts {@code files} (one document each) in a local MiniCluster and publishes the vocabulary.
   *
   * @throws IllegalArgumentException when no files are given
   * @throws NothingSelectedException when no n-gram reached the least count: nothing was published
   */
  public static CountRun runOnFiles(List<Path> files, CountJobConfig config) throws Exception {
    if (files.isEmpty()) throw new IllegalArgumentException("no input files; expected at least one text file");
    return run(localEnvironment(config), files, config);
  }

  /** As {@link #runOnFiles}, in a given environment (its parallelism is set from the config). */
  public static CountRun run(StreamExecutionEnvironment env, List<Path> files, CountJobConfig config) throws Exception {
    env.setParallelism(config.parallelism());
    List<String> paths = new ArrayList<>(files.size());
    for (Path f : files) paths.add(f.toAbsolutePath().toString());
    DataStream<byte[]> records = env.fromData(paths).name("files").uid("files")
        .map(new ReadWholeFile()).name("read-file").uid("read-file");
    // The result comes back in an accumulator, not a collect sink: a collect iterator polls the
    // per-job MiniCluster after it has shut down and logs "some data might be lost".
    build(records, config).sinkTo(new DiscardingSink<>()).name("discard").uid("discard");
    JobExecutionResult result = env.execute("scone fgram count (" + files.size() + " files)");
    List<PublishedVocabulary> published = result.getAccumulatorResult(SelectAndPublish.PUBLISHED);
    if (published == null || published.isEmpty()) throw new NothingSelectedException(config.minCount());
    if (published.size() != 1) {
      throw new IllegalStateException("expected one published vocabulary from a bounded run, got " + published);
    }
    return new CountRun(published.get(0), counter(result, ParseCorpusRecords.BAD_RECORDS), counter(result, ParseCorpusRecords.SPLIT_PIECES));
  }

  private static long counter(JobExecutionResult result, String name) {
    Object v = result.getAccumulatorResult(name);
    return v == null ? 0 : ((Number) v).longValue();
  }

  /** SHA-256 over the files' SHA-256s in order: what a vocabulary counted from files depends on. */
  public static String sourceSha256(List<Path> files) throws IOException {
    try {
      MessageDigest all = MessageDigest.getInstance("SHA-256");
      for (Path f : files) {
        MessageDigest one = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), one)) {
          in.transferTo(OutputStream.nullOutputStream()); // the digest sees the bytes
        }
        all.update(one.digest());
      }
      return HexFormat.of().formatHex(all.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
