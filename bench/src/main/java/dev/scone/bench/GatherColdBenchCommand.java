package dev.scone.bench;

import dev.scone.bench.scale.ColdGatherBench;
import dev.scone.fgram.table.EmbeddingDtype;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code scone bench gather-cold}: gathering rows of a table on disk, prefetched on a pool vs plainly. */
@Command(name = "gather-cold", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = {
      "Cold table rows: prefetched on a pool vs plain gather.",
      "Writes a synthetic table, drops the page cache before each run (as root; the output says if refused), "
          + "gathers batches of random rows plainly or after RowPrefetcher paged them in. "
          + "Checks free disk first; removes the table at the end."
    })
public final class GatherColdBenchCommand implements Callable<Integer> {
  @Mixin BenchCommand.Output output;

  @Option(names = "--table-gb", defaultValue = "4", description = "Size of the synthetic table, GiB.")
  double tableGb;

  @Option(names = "--dim", defaultValue = "128", description = "Row width d.")
  int dim;

  @Option(names = "--dtype", defaultValue = "float16", description = "Table format: float32, float16 or int8.")
  String dtype;

  @Option(names = "--batch-rows", defaultValue = "4096", description = "Rows per gathered batch.")
  int batchRows;

  @Option(names = "--batches", defaultValue = "20", description = "Batches per run.")
  int batches;

  @Option(names = "--prefetch-threads", defaultValue = "16", description = "Prefetch threads (reads in flight).")
  int threads;

  @Option(names = "--runs", defaultValue = "2", description = "Alternating plain/prefetch pairs; medians.")
  int runs;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where the table goes; unset: the JVM's temporary directory.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path parent = dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir"));
    return output.print(ColdGatherBench.run(new ColdGatherBench.Config(parent, (long) (tableGb * (1L << 30)), dim,
        EmbeddingDtype.valueOf(dtype.toUpperCase(Locale.ROOT)), batchRows, batches, threads, runs)));
  }
}
