package dev.scone.training.bundle;

import static dev.scone.training.bundle.BundleFixtures.D;
import static dev.scone.training.bundle.BundleFixtures.V;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.files.FileTrees;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.TokenIdMap;
import dev.scone.model.bundle.BundleFile;
import dev.scone.model.bundle.BundleManifest;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.PrecomputeReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleStoreTest {
  /** One f-gram per forward pass, so rows are comparable bit for bit (see TablePrecomputeTest). */
  static final PrecomputeOptions EXACT = new PrecomputeOptions(1, 16, 64, false);

  record TrainConfig(int steps, double learningRate, String corpus) {}

  record EvalResults(double heldOutPerplexity, long tokens) {}

  private static LanguageModel model;
  private static TokenIdMap ids;

  @TempDir Path root;

  @BeforeAll
  static void createModel() {
    model = BundleFixtures.model(3);
    ids = BundleFixtures.compactedIds(4);
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  static BundleRequest request(LanguageModel model, TokenIdMap ids, FgramVocabulary vocab, EmbeddingDtype dtype) {
    return BundleRequest.of(model, ids, "run-42", vocab, dtype)
        .withTrainingConfig(new TrainConfig(1000, 3e-4, "sotu"))
        .withEval(new EvalResults(87.5, 12345))
        .withPrecompute(PrecomputeOptions.defaults().withProgressBar(false));
  }

  static BundleRequest exactRequest(LanguageModel model, TokenIdMap ids, FgramVocabulary vocab) {
    return request(model, ids, vocab, EmbeddingDtype.FLOAT32).withPrecompute(EXACT);
  }

  @Test
  void publishedBundleOpensWithTheSameModelIdsVocabularyAndTable() throws IOException {
    FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(1), 12, 6);
    BundleStore store = BundleStore.at(root);
    BundleRef ref = BundlePublisher.to(store).publish(exactRequest(model, ids, vocab));
    assertEquals(1, ref.version());
    assertEquals(6, ref.vocabVersion());
    assertEquals("run-42", ref.modelVersion());
    assertEquals(V + 12, ref.rows());
    assertEquals(D, ref.dim());
    assertEquals("float32", ref.dtype());
    assertEquals(FileSha256.of(root.resolve("bundles/v000001/manifest.json")), ref.sha256());
    try (ModelBundle bundle = store.open(ref)) {
      BundleManifest m = bundle.manifest();
      assertManifestListsEveryFile(store.directory(1), m);
      assertEquals(V, m.vocabSize());
      assertEquals(12, m.fgrams());
      assertEquals(BundleFixtures.MAX_N, m.maxN());
      assertEquals(new TrainConfig(1000, 3e-4, "sotu"), m.trainingConfig(TrainConfig.class));
      assertEquals(new EvalResults(87.5, 12345), m.eval(EvalResults.class));
      assertEquals(1, m.tableVersion());
      assertEquals(BundleFixtures.TOKENIZER, m.tokenizer());
      assertEquals(model.config(), bundle.config());
      assertTrue(vocab.sameContent(bundle.vocabulary()));
      for (int t = 0; t < V; t++) assertEquals(ids.toModel(t), bundle.tokenIds().toModel(t));
      for (int i = 0; i < BundleFixtures.M; i++) assertEquals(ids.toTokenizer(i), bundle.tokenIds().toTokenizer(i));
      assertEquals(ref, bundle.ref());
      assertTableHoldsModelRows(bundle);
      try (LanguageModel serving = bundle.loadModel(Device.cpu(), false)) {
        assertArrayEquals(model.tokenRows(), serving.tokenRows());
      }
    }
  }

  /** Exactly the bundle's files, no sidecars, each listed with its real checksum and size. */
  private static void assertManifestListsEveryFile(Path dir, BundleManifest m) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("config.json", "fgram.params", "main.params", "manifest.json", "match.index",
          "table.arrow", "token_ids.json", "vocab.arrow"), files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    assertEquals(7, m.files().size());
    for (BundleFile f : m.files()) {
      assertEquals(FileSha256.of(dir.resolve(f.name())), f.sha256(), f.name());
      assertEquals(Files.size(dir.resolve(f.name())), f.bytes(), f.name());
    }
  }

  /** The loaded f-gram model reproduces the table's rows, so refresh and training can use the bundle. */
  private static void assertTableHoldsModelRows(ModelBundle bundle) {
    try (LanguageModel loaded = bundle.loadModel(Device.cpu(), true)) {
      float[] embedding = loaded.tokenRows();
      float[] fgrams = loaded.fgramRows(BundleFixtures.modelFgrams(bundle.vocabulary(), bundle.tokenIds()), 1);
      EmbeddingTable table = bundle.table();
      for (int t = 0; t < V; t++) {
        int m = bundle.tokenIds().toModel(t);
        assertArrayEquals(Arrays.copyOfRange(embedding, m * D, (m + 1) * D), table.row(t), "token " + t);
      }
      for (int i = 0; i < bundle.vocabulary().size(); i++) {
        assertArrayEquals(Arrays.copyOfRange(fgrams, i * D, (i + 1) * D), table.row(V + i), "f-gram " + i);
      }
    }
  }

  @Test
  void announcementSurvivesJsonWithTheTopicsFieldNames() throws IOException {
    BundleStore store = BundleStore.at(root);
    BundleRef ref = BundlePublisher.to(store).publish(request(model, ids, BundleFixtures.vocabulary(new Random(2), 5, 1),
        EmbeddingDtype.INT8));
    String json = ref.toJson();
    for (String key : List.of("\"schema_version\":1", "\"version\":1", "\"vocab_version\":1",
        "\"model_version\":\"run-42\"", "\"uri\":\"file:", "\"sha256\":\"" + ref.sha256() + "\"",
        "\"rows\":" + (V + 5), "\"dim\":" + D, "\"dtype\":\"int8\"")) {
      assertTrue(json.contains(key), key + " in " + json);
    }
    assertEquals(ref, BundleRef.fromJson(json));
    assertEquals(ref, BundleRef.fromJson(json.replace("{", "{\"added_later\":true,")));
    IllegalArgumentException schema = assertThrows(IllegalArgumentException.class,
        () -> BundleRef.fromJson(json.replace("\"schema_version\":1", "\"schema_version\":2")));
    assertTrue(schema.getMessage().contains("unsupported schema_version (expected 1, found 2)"), schema.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> BundleRef.fromJson(json.replace("\"dim\":" + D + ",", "")));
    assertTrue(missing.getMessage().contains("dim"), missing.getMessage());
  }

  @Test
  void versionsAreMonotonicAndNeverReusedAfterADeletion() throws IOException {
    BundleStore store = BundleStore.at(root);
    FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(3), 4, 1);
    assertTrue(store.latest().isEmpty());
    assertEquals(1, BundlePublisher.to(store).publish(request(model, ids, vocab, EmbeddingDtype.FLOAT16)).version());
    assertEquals(2, BundlePublisher.to(store).publish(request(model, ids, vocab, EmbeddingDtype.FLOAT16)).version());
    FileTrees.delete(store.directory(2));
    assertEquals(List.of(1L), store.list());
    assertEquals(3, BundlePublisher.to(store).publish(request(model, ids, vocab, EmbeddingDtype.FLOAT16)).version());
    assertEquals(List.of(1L, 3L), store.list());
    assertEquals(3, store.latest().orElseThrow().version());
    assertEquals(store.ref(3), store.latest().orElseThrow());
  }

  @Test
  void crashedPublishIsNotListedAndIsRemovedByTheNextPublish() throws IOException {
    BundleStore store = BundleStore.at(root);
    FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(4), 4, 1);
    BundlePublisher.to(store).publish(request(model, ids, vocab, EmbeddingDtype.FLOAT32));
    // What a publisher killed mid-write leaves: a staging directory with some of the files.
    Path crashed = root.resolve("bundles/.staging-v000002-k1ll3d");
    Files.createDirectories(crashed);
    Files.writeString(crashed.resolve("config.json"), "{\"layers\":");
    Files.write(crashed.resolve("table.arrow"), new byte[100]);
    assertEquals(List.of(1L), store.list());
    assertEquals(1, store.latest().orElseThrow().version());
    BundleRef next = BundlePublisher.to(store).publish(request(model, ids, vocab, EmbeddingDtype.FLOAT32));
    assertEquals(2, next.version());
    assertFalse(Files.exists(crashed));
    try (Stream<Path> entries = Files.list(root.resolve("bundles"))) {
      assertTrue(entries.noneMatch(p -> p.getFileName().toString().startsWith(".staging-")));
    }
    Files.createDirectories(crashed);
    assertEquals(1, BundlePublisher.to(store).removeAbandoned());
    store.open(next).close();
  }

  @Test
  void aFailedPublishLeavesNoVersionAndNoStagingBehind() throws IOException {
    BundleStore store = BundleStore.at(root);
    FgramVocabulary other = FgramVocabulary.of(new FgramVocabulary.Meta(BundleFixtures.TOKENIZER, V + 1, 4, 1),
        List.of(new int[] {1, 2}), new long[] {3});
    try {
      BundlePublisher.to(store).publish(request(model, ids, other, EmbeddingDtype.FLOAT32));
      throw new AssertionError("a vocabulary of another tokenizer size was published");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage().contains("121"), expected.getMessage());
    }
    assertEquals(List.of(), store.list());
    try (Stream<Path> entries = Files.list(root.resolve("bundles"))) {
      assertTrue(entries.noneMatch(p -> p.getFileName().toString().startsWith(".staging-")));
    }
  }

  @Test
  void refreshPublishComputesOnlyNewFgramsAndEqualsAFullPublish() throws IOException {
    Random random = new Random(5);
    List<int[]> oldFgrams = BundleFixtures.randomFgrams(random, 12);
    List<int[]> newFgrams = new ArrayList<>(oldFgrams.subList(0, 8));
    for (int[] g : BundleFixtures.randomFgrams(new Random(55), 20)) {
      if (newFgrams.size() < 13 && oldFgrams.stream().noneMatch(o -> Arrays.equals(o, g))) newFgrams.add(g);
    }
    FgramVocabulary oldVocab = BundleFixtures.vocabulary(oldFgrams, random, 1);
    FgramVocabulary newVocab = BundleFixtures.vocabulary(newFgrams, random, 2);
    BundleStore store = BundleStore.at(root);
    BundleRef first = BundlePublisher.to(store).publish(exactRequest(model, ids, oldVocab));
    BundleRef full = BundlePublisher.to(store).publish(exactRequest(model, ids, newVocab));
    BundleRef refreshed;
    try (ModelBundle previous = store.open(first);
        LanguageModel loaded = previous.loadModel(Device.cpu(), true)) {
      refreshed = BundlePublisher.to(store).publishRefresh(exactRequest(loaded, previous.tokenIds(), newVocab), previous);
    }
    try (ModelBundle a = store.open(full); ModelBundle b = store.open(refreshed)) {
      PrecomputeReport report = b.manifest().precompute();
      assertEquals(5, report.fgramRowsComputed());
      assertEquals(8, report.fgramRowsCopied());
      assertEquals(1, report.copiedFromTableVersion());
      assertEquals(0, a.manifest().precompute().fgramRowsCopied());
      for (int row = 0; row < a.table().rows(); row++) {
        assertArrayEquals(a.table().row(row), b.table().row(row), "row " + row);
      }
    }
  }

  @Test
  void baselineBundleWithoutFgramModelHoldsOnlyTokenRows() throws IOException {
    FgramVocabulary empty = FgramVocabulary.of(
        new FgramVocabulary.Meta(BundleFixtures.TOKENIZER, V, BundleFixtures.MAX_N, 1), List.of(), new long[0]);
    BundleStore store = BundleStore.at(root);
    BundleRef ref;
    try (LanguageModel baseline = LanguageModel.create(BundleFixtures.config(3).withFgramLayers(0), Device.cpu())) {
      ref = BundlePublisher.to(store).publish(request(baseline, ids, empty, EmbeddingDtype.FLOAT32));
    }
    assertEquals(V, ref.rows());
    assertFalse(Files.exists(store.directory(1).resolve("fgram.params")));
    try (ModelBundle bundle = store.open(ref)) {
      assertEquals(0, bundle.vocabulary().size());
      assertEquals(V, bundle.table().rows());
    }
  }

  @Test
  void concurrentPublishersGetDistinctVersionsAndBothBundlesOpen() throws Exception {
    BundleStore store = BundleStore.at(root);
    FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(6), 4, 1);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(() -> BundlePublisher.at(root).publish(request(model, ids, vocab, EmbeddingDtype.INT8)));
      var b = pool.submit(() -> BundlePublisher.to(store).publish(request(model, ids, vocab, EmbeddingDtype.INT8)));
      assertEquals(java.util.Set.of(1L, 2L), java.util.Set.of(a.get().version(), b.get().version()));
      store.open(a.get()).close();
      store.open(b.get()).close();
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(1L, 2L), store.list());
  }
}
