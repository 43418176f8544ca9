package dev.scone.model.bundle;

import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.match.MatchIndexFile;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.table.EmbeddingTableMeta;
import dev.scone.fgram.table.TableExpectation;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.model.ModelConfig;
import dev.scone.model.TokenIdMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opens a bundle directory in the order that makes refusals meaningful: the manifest (against
 * the announcement's SHA-256 when given), then every file against the manifest, then the files
 * against each other. Any failure is a {@link BundleException} naming the file; nothing stays
 * open after one.
 */
final class BundleOpener {
  private final Path dir;
  private final String bundle; // the directory's name, for messages
  private BundleManifest manifest;

  private BundleOpener(Path dir) {
    this.dir = dir;
    Path name = dir.getFileName();
    this.bundle = name == null ? dir.toString() : name.toString();
  }

  static ModelBundle open(Path dir, String expectedManifestSha256) throws IOException {
    return new BundleOpener(dir.toAbsolutePath().normalize()).open(expectedManifestSha256);
  }

  private ModelBundle open(String expectedManifestSha256) throws IOException {
    ManifestFile.Read read = ManifestFile.read(dir, expectedManifestSha256, bundle);
    manifest = read.manifest();
    for (String name : BundleFiles.required(false)) BundleFiles.entry(dir, manifest, name, bundle);
    BundleFiles.verify(dir, manifest, bundle);
    ModelConfig config = readConfig();
    if (config.hasFgramModel()) BundleFiles.entry(dir, manifest, BundleFiles.FGRAM_PARAMS, bundle);
    TokenIdMap ids = readTokenIds();
    VocabularyFile.Contents vocab = readVocabulary();
    checkModel(config, ids, vocab.vocabulary());
    EmbeddingTable table = openTable(vocab, config);
    try {
      checkTable(table.metadata());
      FgramMatcher matcher = openMatchIndex(vocab);
      return new ModelBundle(dir, manifest, read.sha256(), config, ids, vocab.vocabulary(), matcher, table);
    } catch (IOException | RuntimeException e) {
      table.close();
      throw e;
    }
  }

  private ModelConfig readConfig() throws BundleException {
    Path file = dir.resolve(BundleFiles.CONFIG);
    try {
      return ModelConfig.read(file);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new BundleException(file, problem(file, e.getMessage()), bundle, e);
    }
  }

  private TokenIdMap readTokenIds() throws IOException {
    Path file = dir.resolve(TokenIdMapFile.NAME);
    try {
      return TokenIdMapFile.read(file);
    } catch (IllegalArgumentException e) {
      throw new BundleException(file, e.getMessage(), bundle, e);
    }
  }

  private VocabularyFile.Contents readVocabulary() throws IOException {
    Path file = dir.resolve(BundleFiles.VOCAB);
    try {
      return VocabularyFile.read(file, sha(BundleFiles.VOCAB));
    } catch (TableFormatException e) {
      throw new BundleException(file, problem(file, e.getMessage()), bundle, e);
    }
  }

  /**
   * Maps {@code match.index} when the manifest lists it (verified against the manifest and the
   * vocabulary); null for bundles published before it, whose matcher is built at load.
   */
  private FgramMatcher openMatchIndex(VocabularyFile.Contents vocab) throws IOException {
    if (manifest.file(BundleFiles.MATCH_INDEX).isEmpty()) return null;
    Path file = dir.resolve(BundleFiles.MATCH_INDEX);
    FgramVocabulary.Meta m = vocab.vocabulary().meta();
    MatchIndexFile.Expectation expected = new MatchIndexFile.Expectation(sha(BundleFiles.MATCH_INDEX),
        m.vocabSize(), m.maxN(), vocab.vocabulary().size(), vocab.fileSha256());
    try {
      return MatchIndexFile.open(file, expected, true);
    } catch (TableFormatException e) {
      throw new BundleException(file, problem(file, e.getMessage()), bundle, e);
    }
  }

  /** Opens the table, which must follow the vocabulary file and have the model's width. */
  private EmbeddingTable openTable(VocabularyFile.Contents vocab, ModelConfig config) throws IOException {
    Path file = dir.resolve(BundleFiles.TABLE);
    TableExpectation expected = TableExpectation.forVocabulary(vocab.vocabulary(), vocab.fileSha256())
        .withFileSha256(sha(BundleFiles.TABLE))
        .withDim(config.dModel());
    try {
      return EmbeddingTable.open(file, expected);
    } catch (TableFormatException e) {
      throw new BundleException(file, problem(file, e.getMessage()), bundle, e);
    }
  }

  private String sha(String name) throws BundleException {
    return BundleFiles.entry(dir, manifest, name, bundle).sha256();
  }

  /** The model, its token id map and the vocabulary belong together, and match the manifest. */
  private void checkModel(ModelConfig config, TokenIdMap ids, FgramVocabulary vocab) throws BundleException {
    FgramVocabulary.Meta m = vocab.meta();
    Path idsFile = dir.resolve(TokenIdMapFile.NAME);
    Path vocabFile = dir.resolve(BundleFiles.VOCAB);
    Path configFile = dir.resolve(BundleFiles.CONFIG);
    require(idsFile, "model_vocab_size (config.json's vocab_size)", config.vocabSize(), ids.modelVocabSize());
    require(idsFile, "tokenizer_vocab_size (vocab.arrow's vocab_size)", m.vocabSize(), ids.tokenizerVocabSize());
    require(configFile, "d_model (manifest.json's dim)", manifest.dim(), config.dModel());
    if (m.maxN() > config.maxN() || (vocab.size() > 0 && !config.hasFgramModel())) {
      throw new BundleException(configFile, "cannot compute the vocabulary's f-grams (vocab.arrow has " + vocab.size()
          + " f-grams up to length " + m.maxN() + "; config has max_n " + config.maxN() + ", fgram_layers "
          + config.fgramLayers() + ")", bundle);
    }
    require(vocabFile, "tokenizer (manifest.json's)", manifest.tokenizer(), m.tokenizer());
    require(vocabFile, "vocab_size (manifest.json's)", manifest.vocabSize(), m.vocabSize());
    require(vocabFile, "max_n (manifest.json's)", manifest.maxN(), m.maxN());
    require(vocabFile, "version (manifest.json's vocab_version)", manifest.vocabVersion(), m.version());
    require(vocabFile, "fgrams (manifest.json's)", manifest.fgrams(), vocab.size());
  }

  /** The table was computed by this bundle's model, as the manifest says. */
  private void checkTable(EmbeddingTableMeta t) throws BundleException {
    Path file = dir.resolve(BundleFiles.TABLE);
    require(file, "model_version (manifest.json's)", manifest.modelVersion(), t.modelVersion());
    require(file, "version (manifest.json's table_version)", manifest.tableVersion(), t.version());
    require(file, "dtype (manifest.json's)", manifest.dtype(), t.dtype().label());
    require(file, "rows (manifest.json's)", manifest.rows(), t.rows());
  }

  private void require(Path file, String what, Object expected, Object found) throws BundleException {
    if (!Objects.equals(expected, found)) {
      throw new BundleException(file, what + " does not match (expected " + expected + ", found " + found + ")",
          bundle);
    }
  }

  /** A reader's message without its leading "file: ", which the bundle exception adds back. */
  private static String problem(Path file, String message) {
    String prefix = file + ": ";
    return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
