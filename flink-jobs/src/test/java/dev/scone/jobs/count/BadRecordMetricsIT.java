package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad and oversized records as Flink metrics (what an operator's dashboard shows), on a MiniCluster
 * with an in-memory metric reporter: invalid UTF-8, empty and blank records are skipped and counted
 * in {@value ParseCorpusRecords#BAD_RECORDS}; a multi-megabyte document (no line breaks, a long run
 * without whitespace in it) is split and counted in {@value ParseCorpusRecords#SPLIT_PIECES}; the job
 * finishes and publishes.
 */
class BadRecordMetricsIT {
  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setConfiguration(METRICS.addToConfiguration(new Configuration()))
      .setNumberTaskManagers(1)
      .setNumberSlotsPerTaskManager(2)
      .build());

  @TempDir Path dir;

  @Test
  void badRecordsAndSplitPiecesAreFlinkMetricsAndNeverFatal() throws Exception {
    Random random = new Random(4);
    List<Path> files = new ArrayList<>();
    for (int d = 0; d < 4; d++) files.add(write("doc" + d + ".txt", BatchReference.randomText(random, 200).getBytes(StandardCharsets.UTF_8)));
    files.add(write("invalid-utf8.txt", new byte[] {'o', 'k', ' ', (byte) 0xE2, (byte) 0x28, (byte) 0xA1}));
    files.add(write("empty.txt", new byte[0]));
    files.add(write("blank.txt", "\n \t\n".getBytes(StandardCharsets.UTF_8)));
    StringBuilder big = new StringBuilder(BatchReference.randomText(random, 400_000).replace('\n', ' '));
    for (int i = 0; i < 100_000; i++) big.append((char) ('a' + random.nextInt(26)));
    int maxChars = 1 << 17;
    int pieces = new DocumentSplitter(maxChars).split(big.toString()).size();
    assertTrue(pieces >= 8, "the big document spans several pieces");
    files.add(write("big.txt", big.toString().getBytes(StandardCharsets.UTF_8)));

    CountJobConfig config = new CountJobConfig("gpt2", 3, 20, 2, 2, maxChars, false, CountingMode.EXACT,
        dir.resolve("store").toString(), "");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    CountRun run = FgramCountJob.run(env, files, config);

    assertEquals(3, run.badRecords());
    assertEquals(3, metricTotal(ParseCorpusRecords.BAD_RECORDS), "bad records as a Flink counter, summed over subtasks");
    assertEquals(pieces - 1, metricTotal(ParseCorpusRecords.SPLIT_PIECES));
    assertEquals(20, run.published().fgrams);
  }

  private static long metricTotal(String name) {
    long total = 0;
    for (Map<String, Metric> group : METRICS.getMetricsByGroup().values()) {
      Metric m = group.get(name);
      if (m instanceof Counter c) total += c.getCount();
    }
    return total;
  }

  private Path write(String name, byte[] bytes) throws Exception {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    return f;
  }
}
