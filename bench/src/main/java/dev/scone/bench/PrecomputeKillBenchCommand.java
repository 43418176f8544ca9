package dev.scone.bench;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.bench.scale.PrecomputeKillDrill;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code scone bench precompute-kill}: a resumable precompute killed with SIGKILL part-way, restarted,
 * and its table compared with an uninterrupted run's; exits 1 when they differ.
 */
@Command(name = "precompute-kill", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {
      "A precompute killed -9, restarted, vs one never killed.",
      "Three child JVMs over the same f-grams (the corpus's top 2..5-grams, padded with generated ones past its "
          + "distinct n-grams) and the same seeded random model: one killed once --kill-at of its chunks are kept, "
          + "its restart, and an uninterrupted run. The restarted table must equal the uninterrupted one (SHA-256); "
          + "exit 1 otherwise. Seconds of each run are reported. Files go to a temporary directory, removed at the end."
    })
public final class PrecomputeKillBenchCommand implements Callable<Integer> {

  @Mixin BenchCommand.Output output;
  @Mixin PrecomputeSetup setup;

  @Option(names = "--kill-at", defaultValue = "0.5", paramLabel = "SHARE", description = "Share of the chunks kept when the kill lands, in (0, 1).")
  double killAt;

  @Option(names = "--child-heap-mb", defaultValue = "4096", description = "Heap of each child JVM, MiB.")
  int childHeapMb;

  @Override
  public Integer call() throws Exception {
    PaddedVocabulary padded = setup.vocabulary();
    BenchResult result = PrecomputeKillDrill.run(padded.vocab(), padded.synthetic(), new PrecomputeKillDrill.Config(
        setup.scratchParent(), setup.model(), setup.dtype(), setup.options(), killAt, childHeapMb, Duration.ofHours(2)));
    output.print(result);
    return result.figure("tables_equal") == 1 ? 0 : 1;
  }
}
