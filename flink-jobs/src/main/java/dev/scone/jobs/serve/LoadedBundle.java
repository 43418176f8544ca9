package dev.scone.jobs.serve;

import ai.djl.Device;
import dev.scone.fgram.table.TableReadOptions;
import dev.scone.fgram.table.TableReadPath;
import dev.scone.jobs.serve.protocol.ResponseJson;
import dev.scone.model.bundle.BundleException;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.model.infer.GenerationParams;
import dev.scone.model.infer.Generator;
import dev.scone.model.infer.Scorer;
import dev.scone.model.infer.PrefixCache;
import dev.scone.model.infer.PrefixCacheConfig;
import java.io.IOException;
import java.util.Optional;
import java.net.URI;
import java.nio.file.Path;

/**
 * One verified bundle with its model loaded, ready to answer on one thread: the bundle (its
 * mapped table), the served model, a scorer and a generator. Not thread-safe; close it once,
 * after its last batch.
 */
final class LoadedBundle implements AutoCloseable {
  /** GPT-2's end-of-text id, which ends a generation for the gpt2 / r50k_base tokenizers. */
  static final int GPT2_EOS = 50256;

  private final ModelBundle bundle;
  private final TableReadPath readPath; // null: plain reads from the mapping
  private final ServedBundle served;
  final Scorer scorer;
  final Generator generator;
  final ResponseJson.Versions versions;
  final int eosToken;
  final int contextLength;

  private LoadedBundle(ModelBundle bundle, TableReadPath readPath, ServedBundle served) {
    this.bundle = bundle;
    this.readPath = readPath;
    this.served = served;
    this.scorer = served.scorer();
    this.generator = served.generator();
    this.versions = new ResponseJson.Versions(bundle.manifest().modelVersion(), bundle.manifest().version());
    String tok = served.tokenizer().name();
    this.eosToken = tok.equals("gpt2") || tok.equals("r50k_base") ? GPT2_EOS : GenerationParams.NO_EOS;
    this.contextLength = served.handle().contextLength();
  }

  /**
   * Opens and verifies an announced bundle through {@code store} (which refuses a uri outside
   * it, a manifest not matching the announcement, and damaged or inconsistent files), then
   * loads its model on {@code device}.
   *
   * @param store null to open {@code ref.uri()} directly (the configured initial bundle), still
   *     checking the manifest's SHA-256 and every file
   * @throws IOException (a {@link BundleException} for a refused bundle) naming what was wrong
   */
  static LoadedBundle open(BundleRef ref, BundleStore store, Device device, String tokenizer, PrefixCacheConfig prefixCache,
      TableReadOptions tableRead) throws IOException {
    ModelBundle bundle = store != null ? store.open(ref) : ModelBundle.open(Path.of(URI.create(ref.uri())), ref.sha256());
    TableReadPath readPath = null;
    try {
      String found = bundle.manifest().tokenizer();
      if (!sameTokenizer(found, tokenizer)) {
        throw new BundleException(bundle.directory(), "tokenizer is '" + found + "', but requests are validated with '"
            + tokenizer + "'", "v" + ref.version());
      }
      readPath = tableRead.inMemory() ? null : TableReadPath.open(bundle.table(), tableRead);
      ServedBundle served = ServedBundle.open(bundle, device, prefixCache, readPath);
      return new LoadedBundle(bundle, readPath, served);
    } catch (IOException | RuntimeException e) {
      if (readPath != null) readPath.close();
      bundle.close();
      throw e;
    }
  }

  private static boolean sameTokenizer(String a, String b) {
    boolean gpt2a = a.equalsIgnoreCase("gpt2") || a.equalsIgnoreCase("r50k_base");
    boolean gpt2b = b.equalsIgnoreCase("gpt2") || b.equalsIgnoreCase("r50k_base");
    return gpt2a && gpt2b || a.equalsIgnoreCase(b);
  }

  /** The read path over the bundle's table; empty when it reads plainly from the mapping. */
  Optional<TableReadPath> readPath() {
    return Optional.ofNullable(readPath);
  }

  /** The bundle's prefix cache; empty when off. */
  Optional<PrefixCache> prefixCache() {
    return served.prefixCache();
  }

  long version() {
    return versions.tableVersion();
  }

  @Override
  public void close() {
    try {
      served.close();
    } finally {
      try {
        if (readPath != null) readPath.close(); // its prefetch threads stop before the table is unmapped
      } finally {
        bundle.close();
      }
    }
  }

  @Override
  public String toString() {
    return bundle.toString();
  }
}
