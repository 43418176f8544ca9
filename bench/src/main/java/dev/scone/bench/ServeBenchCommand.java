package dev.scone.bench;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.serve.ClusterServeBench;
import dev.scone.bench.serve.LoadSweep;
import dev.scone.bench.serve.ServeBench;
import dev.scone.cli.StoreOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scone bench serve}: the serving job with a SCONE bundle vs a baseline bundle, through Kafka. */
@Command(name = "serve", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {
      "The serving job with a SCONE bundle vs a baseline bundle.",
      "Requests/s and p50/p99 latency of the serving job answering 128-token score requests through "
          + "Kafka at a fixed offered rate: SCONE bundle vs baseline bundle of the same sizes, phases alternating. "
          + "Uses the store's newest same-size pair if there is one (scone train), else random-weight bundles. "
          + "Starts its own Kafka broker in a temp directory."
    })
public final class ServeBenchCommand implements Callable<Integer> {

  @Option(names = "--json", description = "Also print the result as one JSON object on the last line.")
  boolean json;

  @Mixin StoreOption store;

  @Option(names = "--random", description = "Use random-weight bundles even if the store has trained ones.")
  boolean random;

  @Option(names = "--rate", defaultValue = "40", description = "Offered requests/s.")
  double rate;

  @Option(names = "--seconds", defaultValue = "15", description = "Seconds per measured phase.")
  int seconds;

  @Option(names = "--tokens", defaultValue = "128", description = "Tokens per request.")
  int tokens;

  @Option(names = "--repetitions", defaultValue = "1", description = "SCONE/baseline pairs, medians reported.")
  int repetitions;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Scratch directory. Default: <scone cache>/bench.")
  Path workDir;

  @Option(names = "--sweep", description = "Instead: the sustainable throughput of the SCONE bundle (offering 4x --rate),"
      + " then p50/p99 latency at 25/50/100/200%% of it with exactly-once and with at-least-once delivery.")
  boolean sweep;

  @Option(names = "--compare-checkpointing", description = "With --sweep: also run the exactly-once 200%% point with"
      + " plain aligned and with unaligned checkpoints, beside the buffer debloating serve runs with.")
  boolean compareCheckpointing;

  @Option(names = "--cluster", description = "Instead: sustained requests/s (offering 4x --rate) on a local multi-process"
      + " cluster (`scone cluster`: 2 TaskManagers, 3 Kafka nodes, started and stopped under --work-dir) at parallelism"
      + " 1 and 2, and on a MiniCluster at parallelism 2 against the same Kafka; reports the load average.")
  boolean cluster;

  @Override
  public Integer call() throws Exception {
    ServeBench.Config d = ServeBench.Config.defaults();
    ServeBench.Config config = new ServeBench.Config(rate, seconds, tokens, repetitions, d.batchSize(), d.batchTimeoutMs(),
        d.checkpointIntervalMs(), d.delivery(), d.maxQueueMs(), d.checkpointing());
    Path from = random ? null : store.root();
    BenchResult result = cluster ? ClusterServeBench.run(from, BenchCommand.benchDir(workDir), config)
        : sweep ? LoadSweep.run(from, BenchCommand.benchDir(workDir), config, compareCheckpointing)
        : ServeBench.run(from, BenchCommand.benchDir(workDir), config);
    System.out.print(result.toTable());
    if (json) System.out.println(result.toJson());
    return 0;
  }
}
