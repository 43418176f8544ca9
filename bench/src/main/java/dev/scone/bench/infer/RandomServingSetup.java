package dev.scone.bench.infer;

import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.table.EmbeddingTableMeta;
import dev.scone.fgram.table.EmbeddingTableWriter;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.Devices;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.TokenIdMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the serving benchmarks run on when no trained bundle is given: a random model (identity
 * id map), Zipf-distributed random documents, an f-gram vocabulary of n-grams cut from a separate
 * Zipf "training" text of 5 tokens per f-gram (so frequent n-grams match the documents as they
 * would in real text, without every document position being covered), its matcher, and the
 * table precomputed from the model, written with
 * {@link EmbeddingTableWriter} into a fresh directory under the work directory (deleted on close).
 */
final class RandomServingSetup implements AutoCloseable {

  /** Sizes of the random setup. */
  record Config(int vocab, int dModel, int layers, int heads, int context, int fgrams,
      int documents, int documentLength, long seed) {}

  final Config config;
  final LanguageModel model;
  final TokenIdMap ids;
  final List<int[]> documents;
  final FgramMatcher matcher;
  final EmbeddingTable table;
  private final Path dir;

  private RandomServingSetup(Config c, Path workDir) throws IOException {
    this.config = c;
    ModelConfig mc = new ModelConfig(c.layers(), c.dModel(), c.heads(), 4 * c.dModel(), c.context(),
        c.vocab(), 0.0, 5, 1, c.seed());
    SplittableRandom random = new SplittableRandom(c.seed());
    double[] zipf = zipfCdf(c.vocab());
    this.documents = zipfDocuments(random, zipf, c.documents(), c.documentLength());
    List<int[]> training = zipfDocuments(random, zipf, Math.max(1, 5 * c.fgrams() / 1024), 1024);
    FgramVocabulary vocabulary = sampledVocabulary(random, c, training);
    this.matcher = FgramMatcher.build(vocabulary);
    this.ids = TokenIdMap.identity(c.vocab());
    Files.createDirectories(workDir);
    this.dir = Files.createTempDirectory(workDir, "infer-bench-");
    this.model = LanguageModel.create(mc, Devices.preferred());
    EmbeddingTable opened = null;
    try {
      opened = EmbeddingTable.open(writeTable(dir.resolve("table.arrow"), vocabulary));
    } finally {
      if (opened == null) close();
    }
    this.table = opened;
  }

  static RandomServingSetup create(Path workDir, Config c) throws IOException {
    return new RandomServingSetup(c, workDir);
  }

  /** Cumulative weights of token id r: 1 / (r + 1)^1.1 (Zipf, rank = id). */
  private static double[] zipfCdf(int vocab) {
    double[] cdf = new double[vocab];
    double sum = 0;
    for (int r = 0; r < vocab; r++) cdf[r] = sum += Math.pow(r + 1, -1.1);
    return cdf;
  }

  private static List<int[]> zipfDocuments(SplittableRandom random, double[] cdf, int count, int length) {
    double total = cdf[cdf.length - 1];
    List<int[]> docs = new ArrayList<>();
    for (int d = 0; d < count; d++) {
      int[] doc = new int[length];
      for (int i = 0; i < length; i++) {
        int at = Arrays.binarySearch(cdf, random.nextDouble() * total);
        doc[i] = Math.min(cdf.length - 1, at < 0 ? -at - 1 : at);
      }
      docs.add(doc);
    }
    return docs;
  }

  /** Distinct n-grams (length 2..5) cut from random places of the documents, given rank counts. */
  private static FgramVocabulary sampledVocabulary(SplittableRandom random, Config c, List<int[]> docs) {
    HashSet<List<Integer>> seen = new HashSet<>();
    List<int[]> grams = new ArrayList<>();
    for (int tries = 0; grams.size() < c.fgrams() && tries < 20 * c.fgrams(); tries++) {
      int[] doc = docs.get(random.nextInt(docs.size()));
      int length = 2 + random.nextInt(4);
      if (doc.length < length) continue;
      int from = random.nextInt(doc.length - length + 1);
      int[] g = Arrays.copyOfRange(doc, from, from + length);
      if (seen.add(Arrays.stream(g).boxed().toList())) grams.add(g);
    }
    grams.sort(Comparator.<int[]>comparingInt(g -> g.length).thenComparing(Arrays::compare));
    long[] counts = new long[grams.size()];
    for (int i = 0; i < counts.length; i++) counts[i] = counts.length - i; // distinct, descending
    return FgramVocabulary.of(new FgramVocabulary.Meta("random", c.vocab(), 5, 1), grams, counts);
  }

  private Path writeTable(Path file, FgramVocabulary vocabulary) throws IOException {
    int d = config.dModel();
    List<int[]> fgrams = new ArrayList<>(vocabulary.size());
    for (int id = 0; id < vocabulary.size(); id++) fgrams.add(vocabulary.tokens(id));
    EmbeddingTableMeta meta = new EmbeddingTableMeta("random", config.vocab(), 5, 1, d,
        EmbeddingDtype.FLOAT32, config.vocab() + fgrams.size(), "0".repeat(64), "random",
        EmbeddingTableMeta.DEFAULT_BATCH_ROWS);
    try (EmbeddingTableWriter writer = EmbeddingTableWriter.create(file, meta)) {
      writer.append(model.tokenRows(), 0, config.vocab()); // identity map: row t is E[t]
      writer.append(model.fgramRows(fgrams, 512), 0, fgrams.size());
      writer.finish();
    }
    return file;
  }

  @Override
  public void close() throws IOException {
    if (table != null) table.close();
    if (model != null) model.close();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
  }
}
