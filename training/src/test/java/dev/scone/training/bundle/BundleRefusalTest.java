package dev.scone.training.bundle;

import static dev.scone.training.bundle.BundleFixtures.D;
import static dev.scone.training.bundle.BundleFixtures.V;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.match.FgramRows;
import dev.scone.fgram.match.MatchIndexFile;
import dev.scone.fgram.table.EmbeddingDtype;
import dev.scone.fgram.table.EmbeddingTableMeta;
import dev.scone.fgram.table.EmbeddingTableWriter;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.model.LanguageModel;
import dev.scone.model.TokenIdMap;
import dev.scone.model.bundle.BundleException;
import dev.scone.model.bundle.BundleFile;
import dev.scone.model.bundle.BundleManifest;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ManifestFile;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.TokenIdMapFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of damage or mismatch is refused, naming the file; the good bundle opens. */
class BundleRefusalTest {
  private static final int FGRAMS = 10;

  @TempDir static Path template; // one published store, copied for each test
  @TempDir Path root;

  private BundleStore store;
  private BundleRef ref;
  private Path dir;

  @BeforeAll
  static void publishTemplate() throws IOException {
    try (LanguageModel model = BundleFixtures.model(8)) {
      TokenIdMap ids = BundleFixtures.compactedIds(9);
      FgramVocabulary vocab = BundleFixtures.vocabulary(new Random(10), FGRAMS, 4);
      BundlePublisher.at(template).publish(BundleStoreTest.request(model, ids, vocab, EmbeddingDtype.FLOAT32));
    }
  }

  @BeforeEach
  void copyTemplate() throws IOException {
    try (Stream<Path> files = Files.walk(template)) {
      for (Path from : (Iterable<Path>) files::iterator) {
        Path to = root.resolve(template.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    store = BundleStore.at(root);
    ref = store.latest().orElseThrow();
    dir = store.directory(1);
  }

  private BundleException refusedByDir() {
    return assertThrows(BundleException.class, () -> ModelBundle.open(dir).close());
  }

  private BundleException refusedByRef(BundleRef announced) {
    return assertThrows(BundleException.class, () -> store.open(announced).close());
  }

  private static void assertNames(BundleException e, String file, String... fragments) {
    assertTrue(e.file().endsWith(file), "refused " + e.file() + ", expected " + file + ": " + e.getMessage());
    assertTrue(e.getMessage().contains(file), e.getMessage());
    assertTrue(e.getMessage().endsWith("bundle v000001 refused, keep the version in use"), e.getMessage());
    for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' in " + e.getMessage());
  }

  @Test
  void theUndamagedBundleOpensByDirectoryVersionAndAnnouncement() throws IOException {
    ModelBundle.open(dir).close();
    store.open(1).close();
    try (ModelBundle bundle = store.open(ref)) {
      assertEquals(V + FGRAMS, bundle.table().rows());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"manifest.json", "config.json", "main.params", "fgram.params", "token_ids.json",
      "vocab.arrow", "table.arrow", "match.index"})
  void aMissingFileIsRefused(String name) throws IOException {
    Files.delete(dir.resolve(name));
    assertNames(refusedByDir(), name, "missing");
    assertNames(refusedByRef(ref), name, "missing");
  }

  @ParameterizedTest
  @ValueSource(strings = {"config.json", "main.params", "fgram.params", "token_ids.json", "vocab.arrow",
      "table.arrow", "match.index"})
  void aFlippedByteInAnyFileIsRefused(String name) throws IOException {
    String listed = manifest().file(name).orElseThrow().sha256();
    Path file = dir.resolve(name);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    String found = FileSha256.of(file);
    assertNames(refusedByDir(), name, "sha256 does not match", "expected " + listed, "found " + found);
    assertNames(refusedByRef(ref), name, "sha256 does not match");
  }

  @Test
  void aBundleWithoutAMatchIndexStillOpensAndBuildsTheSameMatcher() throws IOException {
    int[] tokens = new Random(3).ints(2000, 0, V).toArray();
    int[] mappedRows;
    try (ModelBundle bundle = ModelBundle.open(dir)) {
      assertTrue(bundle.hasMatchIndex());
      mappedRows = bundle.matcher().rows(tokens);
    }
    Files.delete(dir.resolve("match.index"));
    resign(m -> new BundleManifest(m.format(), m.formatVersion(), m.version(), m.modelVersion(), m.vocabVersion(),
        m.tableVersion(), m.createdAt(), m.tokenizer(), m.vocabSize(), m.fgrams(), m.maxN(), m.rows(), m.dim(),
        m.dtype(), m.precompute(), m.trainingConfig(), m.eval(),
        m.files().stream().filter(f -> !f.name().equals("match.index")).toList()));
    try (ModelBundle bundle = ModelBundle.open(dir)) {
      assertFalse(bundle.hasMatchIndex());
      assertArrayEquals(mappedRows, bundle.matcher().rows(tokens));
    }
  }

  @Test
  void aMatchIndexOfAnotherVocabularyIsRefused() throws IOException {
    FgramVocabulary other = BundleFixtures.vocabulary(new Random(11), FGRAMS, 4);
    String otherSha = "cd".repeat(32);
    MatchIndexFile.write(FgramRows.of(other), otherSha, dir.resolve("match.index"));
    Files.deleteIfExists(FileSha256.sidecarOf(dir.resolve("match.index")));
    resign(m -> m);
    assertNames(refusedByDir(), "match.index", "vocab_sha256 does not match", "found " + otherSha);
  }

  @Test
  void aTruncatedFileIsRefusedBeforeHashing() throws IOException {
    Path file = dir.resolve("table.arrow");
    long size = Files.size(file);
    try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(size - 100);
    }
    assertNames(refusedByDir(), "table.arrow", "size does not match", "expected " + size + " bytes",
        "found " + (size - 100));
  }

  @Test
  void aManifestThatIsNotTheAnnouncedOneIsRefused() throws IOException {
    Path file = dir.resolve("manifest.json");
    Files.writeString(file, Files.readString(file).replace("\"held_out_perplexity\" : 87.5",
        "\"held_out_perplexity\" : 17.5"));
    assertNames(refusedByRef(ref), "manifest.json", "sha256 does not match the announcement",
        "expected " + ref.sha256(), "found " + FileSha256.of(file));
  }

  @Test
  void anAnnouncementThatDisagreesWithItsManifestIsRefused() {
    BundleRef rows = new BundleRef(ref.version(), ref.vocabVersion(), ref.modelVersion(), ref.uri(), ref.sha256(),
        ref.rows() + 1, ref.dim(), ref.dtype(), 1);
    assertNames(refusedByRef(rows), "manifest.json", "rows does not match the announcement",
        "expected " + (V + FGRAMS + 1), "found " + (V + FGRAMS));
    BundleRef model = new BundleRef(ref.version(), ref.vocabVersion(), "run-41", ref.uri(), ref.sha256(),
        ref.rows(), ref.dim(), ref.dtype(), 1);
    assertNames(refusedByRef(model), "manifest.json", "model_version does not match the announcement");
  }

  @Test
  void aTableOfAnotherVocabularyIsRefused() throws IOException {
    // Same size and metadata, other f-grams: only the table's vocab_sha256 tells them apart.
    FgramVocabulary other = BundleFixtures.vocabulary(new Random(99), FGRAMS, 4);
    String otherSha = VocabularyFile.write(other, "", dir.resolve("vocab.arrow"));
    resign(m -> m);
    assertNames(refusedByDir(), "table.arrow", "vocab_sha256 does not match", "expected " + otherSha);
  }

  @Test
  void aTableWithAnotherRowCountIsRefused() throws IOException {
    replaceTable(V + FGRAMS + 1, D, "run-42");
    assertNames(refusedByDir(), "table.arrow", "rows does not match",
        "expected " + (V + FGRAMS), "found " + (V + FGRAMS + 1));
  }

  @Test
  void aTableOfAnotherWidthThanTheModelIsRefused() throws IOException {
    replaceTable(V + FGRAMS, D / 2, "run-42");
    assertNames(refusedByDir(), "table.arrow", "dim does not match", "expected " + D, "found " + D / 2);
  }

  @Test
  void aTableOfAnotherModelVersionIsRefused() throws IOException {
    replaceTable(V + FGRAMS, D, "run-41");
    assertNames(refusedByDir(), "table.arrow", "model_version", "expected run-42", "found run-41");
  }

  @Test
  void aTokenIdMapOfAnotherModelVocabularyIsRefused() throws IOException {
    TokenIdMapFile.write(TokenIdMap.identity(V), dir.resolve("token_ids.json"));
    resign(m -> m);
    assertNames(refusedByDir(), "token_ids.json", "model_vocab_size", "expected " + BundleFixtures.M, "found " + V);
  }

  @Test
  void aManifestOfAnotherTokenizerIsRefused() throws IOException {
    resign(m -> new BundleManifest(m.format(), m.formatVersion(), m.version(), m.modelVersion(), m.vocabVersion(),
        m.tableVersion(), m.createdAt(), "r50k_base", m.vocabSize(), m.fgrams(), m.maxN(), m.rows(), m.dim(),
        m.dtype(), m.precompute(), m.trainingConfig(), m.eval(), m.files()));
    assertNames(refusedByDir(), "vocab.arrow", "tokenizer", "expected r50k_base", "found " + BundleFixtures.TOKENIZER);
  }

  @Test
  void aManifestPointingOutsideTheBundleIsRefused() throws IOException {
    Path file = dir.resolve("manifest.json");
    Files.writeString(file, Files.readString(file).replace("\"config.json\"", "\"../config.json\""));
    assertNames(refusedByDir(), "manifest.json", "not a valid manifest", "plain names");
  }

  @Test
  void aManifestOfAnotherFormatVersionIsRefused() throws IOException {
    Path file = dir.resolve("manifest.json");
    Files.writeString(file, Files.readString(file).replace("\"format_version\" : 1", "\"format_version\" : 2"));
    assertNames(refusedByDir(), "manifest.json", "unsupported format_version (expected 1, found 2)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///tmp/elsewhere/bundles/v000001/", "OTHER_VERSION", "TRAVERSAL",
      "hdfs://namenode/scone/bundles/v000001/", "file:not a uri%%"})
  void anAnnouncementOutsideTheStoreIsRefused(String uri) throws IOException {
    String announced = switch (uri) {
      case "OTHER_VERSION" -> store.directory(2).toUri().toString();
      case "TRAVERSAL" -> root.toUri() + "bundles/v000001/../../../outside/bundles/v000001/";
      default -> uri;
    };
    BundleRef outside = new BundleRef(1, ref.vocabVersion(), ref.modelVersion(), announced, ref.sha256(),
        ref.rows(), ref.dim(), ref.dtype(), 1);
    BundleException e = refusedByRef(outside);
    assertNames(e, "v000001");
    assertTrue(e.getMessage().contains(announced), e.getMessage());
  }

  @Test
  void aSymbolicLinkOutOfTheStoreIsRefused() throws IOException {
    Path outside = root.resolve("outside");
    Files.createDirectories(outside);
    Files.move(dir, outside.resolve("v000001"));
    Files.createSymbolicLink(dir, outside.resolve("v000001"));
    BundleException e = refusedByRef(ref);
    assertNames(e, "v000001", "outside the store");
  }

  private BundleManifest manifest() throws IOException {
    return ManifestFile.read(dir, null, "test").manifest();
  }

  private String manifestSha(String name) throws IOException {
    return manifest().file(name).orElseThrow().sha256();
  }

  /** What a forger does: rewrite the manifest with correct checksums for the files as they now are. */
  private void resign(UnaryOperator<BundleManifest> change) throws IOException {
    BundleManifest m = change.apply(manifest());
    List<BundleFile> files = new ArrayList<>();
    for (BundleFile f : m.files()) {
      Path file = dir.resolve(f.name());
      files.add(new BundleFile(f.name(), FileSha256.of(file), Files.size(file)));
    }
    Files.deleteIfExists(FileSha256.sidecarOf(dir.resolve("vocab.arrow")));
    ManifestFile.write(new BundleManifest(m.format(), m.formatVersion(), m.version(), m.modelVersion(),
        m.vocabVersion(), m.tableVersion(), m.createdAt(), m.tokenizer(), m.vocabSize(), m.fgrams(), m.maxN(),
        m.rows(), m.dim(), m.dtype(), m.precompute(), m.trainingConfig(), m.eval(), files), dir);
  }

  /** Replaces table.arrow with random rows that claim to follow this bundle's vocabulary file. */
  private void replaceTable(int rows, int dim, String modelVersion) throws IOException {
    BundleManifest m = manifest();
    EmbeddingTableMeta meta = new EmbeddingTableMeta(m.tokenizer(), m.vocabSize(), m.maxN(), m.tableVersion(), dim,
        EmbeddingDtype.FLOAT32, rows, manifestSha("vocab.arrow"), modelVersion, 64);
    Random random = new Random(1);
    Path file = dir.resolve("table.arrow");
    Files.delete(file);
    try (EmbeddingTableWriter writer = EmbeddingTableWriter.create(file, meta)) {
      float[] row = new float[dim];
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < dim; j++) row[j] = (float) random.nextGaussian();
        writer.append(row);
      }
      writer.finish();
    }
    Files.delete(FileSha256.sidecarOf(file));
    resign(x -> x);
  }
}
