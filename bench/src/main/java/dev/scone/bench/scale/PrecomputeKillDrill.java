package dev.scone.bench.scale;

import dev.scone.bench.fgram.BenchResult;
import dev.scone.chaos.ChildJvm;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.TokenIdMap;
import dev.scone.training.bundle.PrecomputeOptions;
import dev.scone.training.bundle.TablePrecompute;
import dev.scone.training.bundle.TableTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * kill -9 in the middle of a resumable precompute, at the size asked, then a restart: the
 * restarted run continues from the chunks the killed one kept, and its table must equal, byte for
 * byte (SHA-256), the table of an uninterrupted run in a JVM of its own. Each run is a child JVM
 * ({@link Child}) over the same vocabulary file and the same seeded random model. What it costs
 * is reported too: the killed run's seconds until the kill, the restart's, the uninterrupted run's.
 */
public final class PrecomputeKillDrill {
  /** The line a child prints last: {@code sha256 <hex>}. */
  static final String SHA_LINE = "sha256 ";

  /**
   * @param scratchParent where the vocabulary, the two tables and their kept chunks go (removed afterwards)
   * @param model the random model's width and layers (main and f-gram), seeded
   * @param killAt the share of chunks kept when the kill lands, in (0, 1)
   * @param childHeapMb heap of each child JVM
   * @param limit how long one child may run
   */
  public record Config(Path scratchParent, RandomModelShape model, EmbeddingDtype dtype, PrecomputeOptions options,
      double killAt, int childHeapMb, Duration limit) {
    public Config {
      if (!(killAt > 0 && killAt < 1)) throw new IllegalArgumentException("killAt must be in (0, 1), got " + killAt);
    }
  }

  private PrecomputeKillDrill() {}

  /**
   * Runs the drill over {@code vocab}; {@code synthetic} of its f-grams are generated ones (reported).
   *
   * @throws IllegalStateException when a child fails, or finishes before the kill
   */
  public static BenchResult run(FgramVocabulary vocab, int synthetic, Config config) throws Exception {
    PrecomputeOptions options = config.options();
    int chunks = (vocab.size() + options.fgramsPerChunk() - 1) / options.fgramsPerChunk();
    int killAfter = Math.max(1, (int) (chunks * config.killAt()));
    long rows = (long) vocab.meta().vocabSize() + vocab.size();
    int d = config.model().dModel();
    long bytes = 2 * rows * d * config.dtype().bytesPerElement() + 2L * vocab.size() * d * Float.BYTES;
    try (ScratchDir scratch = ScratchDir.create(config.scratchParent(), "scone-precompute-kill-", bytes, 1L << 30)) {
      Path vocabFile = scratch.path().resolve("vocab.arrow");
      String vocabSha = VocabularyFile.write(vocab, "", vocabFile);
      Path killedDir = scratch.path().resolve("killed");

      long t0 = System.nanoTime();
      try (ChildJvm first = start(vocabFile, vocabSha, killedDir, config, "first")) {
        awaitChunks(killedDir.resolve("work"), killAfter, first);
        first.kill();
      }
      double killedSeconds = seconds(t0);
      long kept = chunkFiles(killedDir.resolve("work")); // counted after the kill: one being written may have landed
      if (Files.exists(killedDir.resolve("table.arrow"))) {
        throw new IllegalStateException("the killed run published a table before the kill");
      }

      long t1 = System.nanoTime();
      ChildJvm restart = start(vocabFile, vocabSha, killedDir, config, "restart");
      String resumed = finish(restart, config.limit());
      double resumedSeconds = seconds(t1);
      int readBack = chunksReadBack(Files.readString(restart.log()));
      boolean workRemoved = !Files.exists(killedDir.resolve("work"));

      long t2 = System.nanoTime();
      Path cleanDir = scratch.path().resolve("uninterrupted");
      String uninterrupted = finish(start(vocabFile, vocabSha, cleanDir, config, "uninterrupted"), config.limit());
      double uninterruptedSeconds = seconds(t2);
      boolean equal = resumed.equals(uninterrupted)
          && Files.size(killedDir.resolve("table.arrow")) == Files.size(cleanDir.resolve("table.arrow"));

      List<BenchResult.Figure> figures = List.of(
          new BenchResult.Figure("fgrams", vocab.size(), "f-gram rows per table"),
          new BenchResult.Figure("synthetic_fgrams", synthetic, "generated f-grams padding the corpus's"),
          new BenchResult.Figure("chunks", chunks, "chunks of " + options.fgramsPerChunk() + " f-grams"),
          new BenchResult.Figure("chunks_kept_at_kill", kept, "chunk files the killed run left"),
          new BenchResult.Figure("chunks_read_back", readBack, "chunks the restart read back instead of computing"),
          new BenchResult.Figure("killed_after_seconds", killedSeconds, "s from the first start to the kill"),
          new BenchResult.Figure("restart_seconds", resumedSeconds, "s, the restart to its finished table"),
          new BenchResult.Figure("uninterrupted_seconds", uninterruptedSeconds, "s, a run with no kill"),
          new BenchResult.Figure("work_removed", workRemoved ? 1 : 0, "1: the kept chunks were deleted after publishing"),
          new BenchResult.Figure("tables_equal", equal ? 1 : 0, "1: restarted table == uninterrupted table (SHA-256)"));
      return new BenchResult("precompute-kill", killedSeconds + resumedSeconds, "s (killed + restart)",
          "uninterrupted run", uninterruptedSeconds, figures);
    }
  }

  private static ChildJvm start(Path vocabFile, String vocabSha, Path dir, Config config, String name)
      throws IOException {
    PrecomputeOptions o = config.options();
    RandomModelShape m = config.model();
    List<String> args = List.of(vocabFile.toString(), vocabSha, dir.toString(), Integer.toString(m.dModel()),
        Integer.toString(m.layers()), Long.toString(m.seed()), config.dtype().name(), Integer.toString(o.fgramBatch()),
        Integer.toString(o.fgramsPerChunk()), Integer.toString(o.tableBatchRows()));
    return ChildJvm.startMain(Child.class.getName(), args, dir.resolveSibling(name + ".log"), config.childHeapMb());
  }

  /** Waits until {@code work} holds {@code count} chunk files. Fails if the child ends first. */
  private static void awaitChunks(Path work, int count, ChildJvm child) throws Exception {
    while (true) {
      long n = chunkFiles(work);
      if (n >= count) return;
      if (!child.isAlive()) {
        throw new IllegalStateException("the first run ended before " + count + " chunks were kept (it had "
            + n + "); log ends:\n" + child.tail());
      }
      Thread.sleep(20);
    }
  }

  private static long chunkFiles(Path work) throws IOException {
    if (!Files.isDirectory(work)) return 0;
    try (Stream<Path> files = Files.list(work)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".rows")).count();
    }
  }

  /** Waits for a child to exit 0; the SHA-256 it printed. */
  private static String finish(ChildJvm child, Duration limit) throws Exception {
    try (child) {
      int exit = child.awaitExit(limit);
      String log = Files.readString(child.log());
      int at = log.lastIndexOf(SHA_LINE);
      if (exit != 0 || at < 0) {
        throw new IllegalStateException("a precompute child exited " + exit + "; log ends:\n" + child.tail());
      }
      return log.substring(at + SHA_LINE.length()).strip();
    }
  }

  private static final Pattern RESUMED = Pattern.compile("resumed: (\\d+) of \\d+ chunks");

  /** The chunks a run's log says it read back (TablePrecompute logs it), 0 when it says nothing. */
  static int chunksReadBack(String log) {
    Matcher m = RESUMED.matcher(log);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /**
   * One resumable precompute in its own JVM: {@code VOCAB SHA DIR D LAYERS SEED DTYPE FGRAM_BATCH CHUNK
   * BATCH_ROWS} writes {@code DIR/table.arrow}, keeping rows in {@code DIR/work}; prints
   * {@code sha256 <hex>} last.
   */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
      // the drill reads TablePrecompute's "resumed: N of M chunks" line from this JVM's output,
      // whatever logging configuration the class path brings (tests bring one that logs nothing)
      Configurator.setLevel(TablePrecompute.class.getName(), Level.INFO);
      Path vocabFile = Path.of(args[0]);
      Path dir = Path.of(args[2]);
      RandomModelShape shape = new RandomModelShape(Integer.parseInt(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]));
      PrecomputeOptions options = new PrecomputeOptions(Integer.parseInt(args[7]), Integer.parseInt(args[8]),
          Integer.parseInt(args[9]), false);
      FgramVocabulary vocab = VocabularyFile.read(vocabFile, args[1]).vocabulary();
      int v = vocab.meta().vocabSize();
      Files.createDirectories(dir);
      TableTarget target = new TableTarget(dir.resolve("table.arrow"), EmbeddingDtype.valueOf(args[6]), 1)
          .resumableIn(dir.resolve("work"));
      try (LanguageModel model = LanguageModel.create(shape.config(v, vocab.meta().maxN()), Devices.preferred())) {
        String sha = TablePrecompute.of(model, TokenIdMap.identity(v), "bench", options)
            .full(vocab, args[1], target).sha256();
        System.out.println(SHA_LINE + sha);
      }
      System.exit(0);
    }
  }
}
