package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.broker.KafkaBrokerExtension;
import dev.scone.fgram.counting.NgramCounter;
import dev.scone.fgram.ngram.NgramCountTable;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramSelector;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CountingMode#RECENCY} over a corpus topic whose text changes topic half-way (event time =
 * the Kafka record timestamp, one document per half-life): the recency vocabulary is the decayed
 * reference selection and holds only f-grams of the new topic, while the all-time (exact)
 * vocabulary keeps the old topic's.
 */
class RecencyCountIT {
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] OLD_TOPIC = {"cat", "dog", "mat", "sat", "ran", "home", "far", "away", ",", "."};
  private static final String[] NEW_TOPIC = {"ship", "sea", "wave", "storm", "sail", "port", "crew", "wind", ";", "!"};
  private static final long HALF_LIFE_MS = 86_400_000L; // one day
  private static final long T0 = 20_000 * HALF_LIFE_MS; // a whole number of half-lives: weights are exact powers of two
  private static final int DOCS_PER_TOPIC = 10;
  private static final int MAX_N = 3;
  private static final int S = 30;

  @TempDir Path dir;

  @Test
  void recencyVocabularyFollowsTheNewTopicWhileTheAllTimeOneKeepsTheOld() throws Exception {
    KAFKA.createTopic("corpus-recency", 2);
    Random random = new Random(17);
    List<String> texts = new ArrayList<>();
    for (int d = 0; d < 2 * DOCS_PER_TOPIC; d++) texts.add(text(random, d < DOCS_PER_TOPIC ? OLD_TOPIC : NEW_TOPIC, 200));
    produce("corpus-recency", texts);

    CountJobConfig exact = new CountJobConfig("gpt2", MAX_N, S, 2, 2, CountJobConfig.DEFAULT_MAX_DOCUMENT_CHARS, true,
        CountingMode.EXACT, dir.resolve("store").toString(), "");
    FgramVocabulary allTime = run("corpus-recency", exact);
    FgramVocabulary recent = run("corpus-recency", exact.recency(HALF_LIFE_MS));

    Set<List<Integer>> oldNgrams = ngrams(texts.subList(0, DOCS_PER_TOPIC));
    assertEquals(S, recent.size());
    for (int i = 0; i < recent.size(); i++) {
      assertTrue(!oldNgrams.contains(asList(recent.tokens(i))), "recency f-gram " + Arrays.toString(recent.tokens(i)) + " is of the old topic");
    }
    long oldInAllTime = 0;
    for (int i = 0; i < allTime.size(); i++) if (oldNgrams.contains(asList(allTime.tokens(i)))) oldInAllTime++;
    assertTrue(oldInAllTime >= S / 4, "the all-time vocabulary keeps the old topic: " + oldInAllTime + " of " + S);
    FgramVocabulary reference = decayedReference(texts, exact.minCount());
    assertTrue(reference.withVersion(recent.meta().version()).sameContent(recent),
        () -> "recency " + BatchReference.describe(recent) + "\nreference " + BatchReference.describe(reference));
  }

  /** F from counts where document d weighs 2^-(last - d) (one document per half-life), floored. */
  private static FgramVocabulary decayedReference(List<String> texts, long minCount) {
    Tokenizer tokenizer = Tokenizers.byName("gpt2");
    double[] weightSums = new double[0];
    NgramCountTable ids = new NgramCountTable(1024); // n-gram -> index into the sums, + 1
    List<long[]> keys = new ArrayList<>();
    for (int d = 0; d < texts.size(); d++) {
      NgramCounter doc = new NgramCounter(tokenizer.vocabSize(), MAX_N);
      doc.addDocument(tokenizer.encode(texts.get(d)));
      double weight = Math.pow(2, -(texts.size() - 1 - d));
      List<double[]> adds = new ArrayList<>();
      doc.forEach((lo, hi, count) -> {
        if (!ids.contains(lo, hi)) {
          ids.add(lo, hi, keys.size() + 1);
          keys.add(new long[] {lo, hi});
        }
        adds.add(new double[] {ids.get(lo, hi) - 1, count * weight});
      });
      weightSums = Arrays.copyOf(weightSums, keys.size());
      for (double[] a : adds) weightSums[(int) a[0]] += a[1];
    }
    CandidateCounts floored = new CandidateCounts(tokenizer.vocabSize(), MAX_N);
    for (int i = 0; i < keys.size(); i++) {
      long c = (long) Math.floor(weightSums[i]);
      if (c >= 1) floored.add(new NgramCount(keys.get(i)[0], keys.get(i)[1], c));
    }
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), MAX_N, 0);
    return new FgramSelector(S, minCount).select(floored, meta);
  }

  private static Set<List<Integer>> ngrams(List<String> texts) {
    Tokenizer tokenizer = Tokenizers.byName("gpt2");
    Set<List<Integer>> out = new HashSet<>();
    for (String t : texts) {
      int[] ids = tokenizer.encode(t);
      for (int i = 0; i < ids.length; i++) {
        for (int n = 2; n <= MAX_N && i + n <= ids.length; n++) out.add(asList(Arrays.copyOfRange(ids, i, i + n)));
      }
    }
    return out;
  }

  private static List<Integer> asList(int[] a) {
    return Arrays.stream(a).boxed().toList();
  }

  /** A bounded run of {@link FgramCountJob#build} over the whole topic; the published vocabulary. */
  private static FgramVocabulary run(String topic, CountJobConfig config) throws Exception {
    StreamExecutionEnvironment env = FgramCountJob.localEnvironment(config);
    KafkaSource<byte[]> source = KafkaSource.<byte[]>builder()
        .setBootstrapServers(KAFKA.bootstrapServers())
        .setTopics(topic)
        .setGroupId("recency-it")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setBounded(OffsetsInitializer.latest())
        .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
        .build();
    FgramCountJob.build(env.fromSource(source, WatermarkStrategy.noWatermarks(), "corpus").uid("corpus"), config)
        .sinkTo(new DiscardingSink<>()).name("discard").uid("discard");
    JobExecutionResult result = env.execute("recency IT (" + config.mode() + ")");
    List<PublishedVocabulary> published = result.getAccumulatorResult(SelectAndPublish.PUBLISHED);
    return VocabularyFile.read(Path.of(published.get(0).path), published.get(0).sha256).vocabulary();
  }

  /** CorpusDocument d gets event time T0 + d half-lives. */
  private static void produce(String topic, List<String> texts) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        KAFKA.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
      for (int d = 0; d < texts.size(); d++) {
        byte[] value = JSON.writeValueAsString(Map.of("id", "d" + d, "text", texts.get(d))).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, null, T0 + d * HALF_LIFE_MS, "d" + d, value)).get();
      }
    }
  }

  private static String text(Random random, String[] words, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) sb.append(words[(int) (words.length * Math.pow(random.nextDouble(), 2))]).append(' ');
    return sb.toString();
  }
}
