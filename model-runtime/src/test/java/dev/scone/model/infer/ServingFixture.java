package dev.scone.model.infer;

import ai.djl.Device;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.table.EmbeddingTableMeta;
import dev.scone.fgram.table.EmbeddingTableWriter;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * What a server holds, made small: the GPT-2 tokenizer (V = 50257), a tiny random model over a
 * compacted vocabulary of 99 tokenizer ids (printable ASCII and a few words) plus an unknown id,
 * a random f-gram vocabulary over those ids, its matcher, and the table a trainer would publish
 * (written with EmbeddingTableWriter from LanguageModel.writeTokenRows / writeFgramRows).
 */
final class ServingFixture implements AutoCloseable {

  static final int CONTEXT = 16;
  static final int MAX_N = 4;
  static final int D = 32;

  final Tokenizer tokenizer = Tokenizers.defaultTokenizer();
  final ListedIdMap ids;
  final int[] known; // tokenizer ids the model knows
  final LanguageModel model;
  final FgramVocabulary vocabulary;
  final FgramMatcher matcher;
  final EmbeddingTable table;
  final ModelHandle scone; // reads the table through the matcher
  final ModelHandle baseline; // reads the model's token embedding

  ServingFixture(Path dir, long seed) throws IOException {
    known = knownTokens();
    ids = new ListedIdMap(tokenizer.vocabSize(), known, 30); // unknown decodes as '?'
    ModelConfig config = new ModelConfig(2, D, 4, 64, CONTEXT, ids.modelVocabSize(), 0.0, MAX_N, 1, seed);
    model = LanguageModel.create(config, Device.cpu());
    vocabulary = randomVocabulary(new Random(seed), 40);
    matcher = FgramMatcher.build(vocabulary);
    table = writeTable(dir.resolve("table.arrow"));
    scone = ModelHandle.scone(model, ids, table, matcher);
    baseline = ModelHandle.baseline(model, ids);
  }

  /** '!'..'~' (GPT-2 ids 0..93), then " ", "\n", " the", " a", " and". */
  private static int[] knownTokens() {
    int[] known = new int[99];
    for (int i = 0; i < 94; i++) known[i] = i;
    int[] words = {220, 198, 262, 257, 290};
    System.arraycopy(words, 0, known, 94, words.length);
    return known;
  }

  private FgramVocabulary randomVocabulary(Random random, int size) {
    Set<List<Integer>> grams = new LinkedHashSet<>();
    while (grams.size() < size) {
      List<Integer> g = new ArrayList<>();
      int length = 2 + random.nextInt(MAX_N - 1);
      for (int j = 0; j < length; j++) g.add(known[random.nextInt(known.length)]);
      grams.add(g);
    }
    List<int[]> ranked = new ArrayList<>();
    for (List<Integer> g : grams) ranked.add(g.stream().mapToInt(Integer::intValue).toArray());
    // Distinct descending counts in (length, tokens) order form a valid rank order.
    ranked.sort(Comparator.<int[]>comparingInt(g -> g.length).thenComparing(Arrays::compare));
    long[] counts = new long[size];
    for (int i = 0; i < size; i++) counts[i] = 1000 - i;
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta(tokenizer.name(), tokenizer.vocabSize(), MAX_N, 1);
    return FgramVocabulary.of(meta, ranked, counts);
  }

  /** Rows t < V: the model's token row of toModel(t); then one row per f-gram (model ids). */
  private EmbeddingTable writeTable(Path file) throws IOException {
    int v = tokenizer.vocabSize();
    FloatBuffer tokenRows = FloatBuffer.allocate(ids.modelVocabSize() * D);
    model.writeTokenRows(tokenRows);
    List<int[]> fgrams = new ArrayList<>();
    for (int id = 0; id < vocabulary.size(); id++) fgrams.add(toModel(vocabulary.tokens(id)));
    FloatBuffer fgramRows = FloatBuffer.allocate(fgrams.size() * D);
    model.writeFgramRows(fgrams, 16, fgramRows);
    EmbeddingTableMeta meta = new EmbeddingTableMeta(tokenizer.name(), v, MAX_N, 1, D,
        EmbeddingDtype.FLOAT32, v + fgrams.size(), "ab".repeat(32), "test-model", 16_384);
    try (EmbeddingTableWriter writer = EmbeddingTableWriter.create(file, meta)) {
      for (int t = 0; t < v; t++) writer.append(tokenRows.array(), ids.toModel(t) * D, 1);
      writer.append(fgramRows.array(), 0, fgrams.size());
      writer.finish();
    }
    return EmbeddingTable.open(file);
  }

  int[] toModel(int[] tokens) {
    int[] out = new int[tokens.length];
    for (int i = 0; i < tokens.length; i++) out[i] = ids.toModel(tokens[i]);
    return out;
  }

  /** A document of known tokens in which f-grams occur often: half the pieces are f-grams. */
  int[] randomDocument(Random random, int length) {
    int[] doc = new int[length];
    for (int i = 0; i < length; ) {
      if (random.nextBoolean()) {
        int[] g = vocabulary.tokens(random.nextInt(vocabulary.size()));
        for (int j = 0; j < g.length && i < length; j++) doc[i++] = g[j];
      } else {
        doc[i++] = known[random.nextInt(known.length)];
      }
    }
    return doc;
  }

  @Override
  public void close() {
    scone.close();
    baseline.close();
    table.close();
    model.close();
  }
}
