package dev.scone.cli;

import dev.scone.training.corpus.SconeCache;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --store} option, mixed in with {@code @Mixin} by every command that reads or writes
 * scone's store of bundles and f-gram vocabularies (bench's too); by default the one in the scone
 * cache. No other option names a store.
 */
public final class StoreOption {

  @Option(names = "--store", paramLabel = "DIR",
      description = "The store of bundles and f-gram vocabularies. Default: <scone cache>/store.")
  private Path store;

  private Path fallback;

  /** The store given, else the fallback (a cluster's shared store), else {@link SconeCache#store()}. */
  public Path root() {
    return store != null ? store : fallback != null ? fallback : SconeCache.store();
  }

  /** The store to use when {@code --store} is not given (a cluster's shared store), instead of the cache's. */
  void defaultTo(Path otherwise) {
    fallback = otherwise;
  }
}
