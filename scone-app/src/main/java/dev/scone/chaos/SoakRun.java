package dev.scone.chaos;

import dev.scone.jobs.serve.ServeTopics;
import dev.scone.jobs.serve.ServeTopicsSetup;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code scone serve} in a child JVM under a fixed request rate for a while, its RSS (from
 * /proc) and heap (from the child's own probe) sampled every second into {@code soak.csv} and
 * {@code soak.png} under the work dir. The verdict is the RSS slope over the second half.
 */
public final class SoakRun {
  /**
   * @param samples what was sampled
   * @param csv the samples file
   * @param png the plot
   * @param sent requests sent
   * @param answered of those, answered (committed) by the end plus a short grace
   * @param bind what the serving JVM listened on once it served
   */
  public record Result(SoakSamples samples, Path csv, Path png, long sent, long answered, SafeDefaults.Listening bind) {
    public String line() {
      List<SoakSamples.Sample> all = samples.all();
      SoakSamples.Sample last = all.isEmpty() ? new SoakSamples.Sample(0, 0, 0, 0, 0) : all.get(all.size() - 1);
      return String.format("%-16s %.0f s at a fixed rate: %d sent, %d answered; RSS %.0f MB at the end, slope %.2f MB/min"
          + " over the second half; heap %.0f MB; %s", "soak", last.seconds(), sent, answered, last.rssMb(),
          samples.rssSlopeMbPerMinute(), last.heapMb(), csv);
    }
  }

  private SoakRun() {}

  public static Result run(String bootstrap, Path work, Duration length, int requestsPerSecond) throws Exception {
    BundleRef bundle = DrillCorpus.publishBundle(work.resolve("store"), 1);
    ServeTopicsSetup.createMissing(bootstrap, ServeTopics.defaults(), 1);
    Path log = work.resolve("logs/serve-soak.log");
    SoakSamples samples = new SoakSamples();
    Set<String> sent = new HashSet<>();
    try (ChildJvm serve = ChildJvm.start(List.of("serve", "--bootstrap", bootstrap, "--bundle",
            BundleStore.at(work.resolve("store")).directory(bundle.version()).toString(), "--store", work.resolve("store").toString(),
            "--checkpoint-interval-ms", "1000"), log, 768);
        KafkaProducer<byte[], byte[]> producer = RequestProducer.open(bootstrap);
        AnswerLedger ledger = new AnswerLedger(bootstrap, List.of(ServeTopics.RESPONSES))) {
      serve.awaitLog("Ctrl-C stops serving", LiveJobs.START_LIMIT);
      SafeDefaults.Listening bind = null;
      long start = System.nanoTime();
      long nextSample = start;
      while (System.nanoTime() - start < length.toNanos()) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        // keep the fixed rate: catch up to elapsed x rate, a request at a time
        while (sent.size() < elapsed * requestsPerSecond) send(producer, sent);
        if (System.nanoTime() >= nextSample) {
          samples.add(sample(serve, log, elapsed, sent.size(), ledger.answered(ServeTopics.RESPONSES, sent)));
          nextSample += 1_000_000_000L;
        }
        ledger.poll(Duration.ofMillis(20));
        if (bind == null && elapsed > 2) bind = SafeDefaults.of("scone serve", serve.pid()); // once its job runs
        if (!serve.isAlive()) throw new IllegalStateException("the serving JVM died during the soak; log " + log + ":\n" + serve.tail());
      }
      producer.flush();
      ledger.pollUntil(() -> ledger.answered(ServeTopics.RESPONSES, sent) == sent.size(), Duration.ofSeconds(30));
      Path csv = work.resolve("soak.csv");
      Path png = samples.write(csv);
      if (bind == null) bind = SafeDefaults.of("scone serve", serve.pid());
      return new Result(samples, csv, png, sent.size(), ledger.answered(ServeTopics.RESPONSES, sent), bind);
    }
  }

  private static SoakSamples.Sample sample(ChildJvm serve, Path log, double seconds, long sent, long answered)
      throws IOException {
    double rssMb = serve.rssBytes().orElse(0) / 1e6;
    return new SoakSamples.Sample(seconds, rssMb, lastHeapBytes(ChildJvm.heapLog(log)) / 1e6, sent, answered);
  }

  /** The newest heap sample the child wrote ("epoch_ms,bytes" lines), or 0 before the first. */
  static long lastHeapBytes(Path heapCsv) throws IOException {
    if (!Files.exists(heapCsv)) return 0;
    List<String> lines = Files.readAllLines(heapCsv);
    for (int i = lines.size() - 1; i >= 0; i--) {
      String[] parts = lines.get(i).split(",");
      if (parts.length == 2 && !parts[1].isBlank()) return Long.parseLong(parts[1].trim());
    }
    return 0;
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, Set<String> sent) {
    String id = "soak-" + sent.size();
    producer.send(new ProducerRecord<>(ServeTopics.REQUESTS, id.getBytes(StandardCharsets.UTF_8),
        HostileInputs.valid(id, sent.size()).getBytes(StandardCharsets.UTF_8)));
    sent.add(id);
  }

}
