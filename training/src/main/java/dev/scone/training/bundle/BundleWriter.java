package dev.scone.training.bundle;

import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.match.FgramRows;
import dev.scone.fgram.match.MatchIndexFile;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.model.bundle.BundleFile;
import dev.scone.model.bundle.BundleFiles;
import dev.scone.model.bundle.BundleManifest;
import dev.scone.model.bundle.FrozenPart;
import dev.scone.model.bundle.ManifestFile;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.PrecomputeReport;
import dev.scone.model.bundle.TokenIdMapFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes every file of a bundle into a (staging) directory: the model's config and parameters,
 * the token id map, the vocabulary, the matcher's index ({@code match.index}, when there are
 * f-grams), the precomputed table, then the manifest listing them all.
 * Nothing here is atomic or durable; {@link BundlePublisher} stages, fsyncs and renames.
 */
final class BundleWriter {

  /** A manifest as written, with the SHA-256 of its bytes. */
  record Written(BundleManifest manifest, String manifestSha256) {}

  /** The directory beside the bundles where a precompute keeps its rows until the table is written. */
  static final String PRECOMPUTE_WORK = ".precompute-work";

  private BundleWriter() {}

  /**
   * Writes the bundle for {@code request} as version {@code version} into {@code dir}; with a
   * {@code previous} bundle, copies the table rows of f-grams it already had (refresh path).
   */
  static Written write(Path dir, BundleRequest request, long version, ModelBundle previous, Instant now)
      throws IOException {
    request.model().save(dir);
    if (request.model().config().hasFgramModel() && Files.notExists(dir.resolve(BundleFiles.FGRAM_PARAMS))) {
      throw new IllegalArgumentException("the model's f-gram model is not loaded; load the model with"
          + " withFgramModel = true, so the bundle can be refreshed and trained on later");
    }
    TokenIdMapFile.write(request.tokenIds(), dir.resolve(TokenIdMapFile.NAME));
    FgramVocabulary vocab = request.vocabulary();
    String vocabSha = VocabularyFile.write(vocab, request.vocabSourceSha256(), dir.resolve(BundleFiles.VOCAB));
    // Written once here and mapped at every load, so serving never builds the matcher on its heap.
    String indexSha = vocab.size() == 0 ? null
        : MatchIndexFile.write(FgramRows.of(vocab), vocabSha, dir.resolve(BundleFiles.MATCH_INDEX));
    TablePrecompute precompute = TablePrecompute.of(
        request.model(), request.tokenIds(), request.modelVersion(), request.precompute());
    // Kept beside the staging directories (which a crashed publish loses) so that a publish after a
    // kill computes only the f-gram rows the killed one had not; its fingerprint guards the rows.
    TableTarget target = new TableTarget(dir.resolve(BundleFiles.TABLE), request.dtype(), version)
        .resumableIn(dir.toAbsolutePath().getParent().resolve(PRECOMPUTE_WORK));
    PrecomputeReport report = previous == null
        ? precompute.full(vocab, vocabSha, target)
        : precompute.refresh(vocab, vocabSha, target, previous.vocabulary(), previous.table());
    // The manifest holds every checksum; the writers' sidecars would be a second, unlisted copy.
    Files.deleteIfExists(FileSha256.sidecarOf(dir.resolve(BundleFiles.VOCAB)));
    Files.deleteIfExists(FileSha256.sidecarOf(dir.resolve(BundleFiles.TABLE)));
    Files.deleteIfExists(FileSha256.sidecarOf(dir.resolve(BundleFiles.MATCH_INDEX)));
    Map<String, String> known = new HashMap<>(Map.of(BundleFiles.VOCAB, vocabSha, BundleFiles.TABLE, report.sha256()));
    if (indexSha != null) known.put(BundleFiles.MATCH_INDEX, indexSha);
    List<BundleFile> files = describe(dir, known);
    FgramVocabulary.Meta m = vocab.meta();
    BundleManifest manifest = new BundleManifest(BundleManifest.FORMAT, BundleManifest.FORMAT_VERSION, version,
        request.modelVersion(), m.version(), version, now.toString(), m.tokenizer(), m.vocabSize(), vocab.size(),
        m.maxN(), report.rows(), report.dim(), report.dtype(), report, request.trainingConfig(), request.eval(),
        files);
    if (request.frozenLayers() > 0) manifest = manifest.withFrozen(frozenPart(dir, request, files));
    return new Written(manifest, ManifestFile.write(manifest, dir));
  }

  /** The fingerprint of the frozen lower part, over the table just written (rescore's recycling key). */
  private static FrozenPart frozenPart(Path dir, BundleRequest request, List<BundleFile> files) throws IOException {
    try (EmbeddingTable table = EmbeddingTable.open(dir.resolve(BundleFiles.TABLE))) {
      return FrozenPart.of(request.model(), request.frozenLayers(), table, sha(files, BundleFiles.VOCAB),
          sha(files, TokenIdMapFile.NAME));
    }
  }

  private static String sha(List<BundleFile> files, String name) {
    return files.stream().filter(f -> f.name().equals(name)).map(BundleFile::sha256).findFirst().orElse("");
  }

  /** Name, SHA-256 and size of each bundle file present; {@code known} checksums are not recomputed. */
  private static List<BundleFile> describe(Path dir, Map<String, String> known) throws IOException {
    List<BundleFile> files = new ArrayList<>();
    for (String name : List.of(BundleFiles.CONFIG, BundleFiles.MAIN_PARAMS, BundleFiles.FGRAM_PARAMS, TokenIdMapFile.NAME, BundleFiles.VOCAB, BundleFiles.TABLE, BundleFiles.MATCH_INDEX)) {
      Path file = dir.resolve(name);
      if (Files.notExists(file)) continue;
      String sha = known.containsKey(name) ? known.get(name) : FileSha256.of(file);
      files.add(new BundleFile(name, sha, Files.size(file)));
    }
    return files;
  }
}
