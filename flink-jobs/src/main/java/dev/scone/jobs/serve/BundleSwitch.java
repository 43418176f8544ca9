package dev.scone.jobs.serve;

import ai.djl.Device;
import dev.scone.fgram.table.TableReadOptions;
import dev.scone.fgram.table.TableReadPath;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import java.io.IOException;
import dev.scone.model.infer.PrefixCache;
import dev.scone.model.infer.PrefixCacheConfig;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundle a model subtask serves, and the switch to a newer one: the new bundle is opened,
 * verified and loaded while the old one stays in use; only when that succeeded does it become
 * the one in use, and the old one is closed. Refusals are logged with their reason. Not
 * thread-safe (the task thread).
 */
final class BundleSwitch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BundleSwitch.class);

  private final BundleStore store;
  private final Device device;
  private final String tokenizer;
  private final PrefixCacheConfig prefixCache;
  private final TableReadOptions tableRead;
  private LoadedBundle inUse;
  private BundleRef inUseRef;

  /** With plain reads from each bundle's mapped table. */
  BundleSwitch(BundleStore store, Device device, String tokenizer, PrefixCacheConfig prefixCache) {
    this(store, device, tokenizer, prefixCache, TableReadOptions.IN_MEMORY);
  }

  /**
   * @param prefixCache each loaded bundle gets a new, empty prefix cache of this config
   * @param tableRead each loaded bundle's table is read through a new read path of these options
   */
  BundleSwitch(BundleStore store, Device device, String tokenizer, PrefixCacheConfig prefixCache,
      TableReadOptions tableRead) {
    this.store = store;
    this.device = device;
    this.tokenizer = tokenizer;
    this.prefixCache = prefixCache;
    this.tableRead = tableRead;
  }

  /**
   * Loads the restored bundle when there is one newer than the initial (after a failure: the
   * version that was in use); if it cannot be loaded, or there is none, the initial bundle.
   *
   * @throws IOException when the initial bundle is refused (nothing to serve with)
   */
  void start(BundleRef initial, BundleRef restored) throws IOException {
    if (restored != null && restored.version() > initial.version()) {
      if (swapTo(restored).isEmpty()) return;
      LOG.warn("falling back to the configured bundle v{}", initial.version());
    }
    inUse = LoadedBundle.open(initial, null, device, tokenizer, prefixCache, tableRead);
    inUseRef = initial;
  }

  /** The announcement in {@code json}, or null (logged) when it is not a valid scone.tables message. */
  BundleRef announced(String json) {
    try {
      return BundleRef.fromJson(json);
    } catch (IllegalArgumentException e) {
      LOG.warn("refused a bundle announcement: {}; keep serving v{}", e.getMessage(), inUseRef.version());
      return null;
    }
  }

  /**
   * Opens, verifies and loads {@code ref}; on success it is in use and the old one is closed.
   *
   * @return empty on success, else why {@code ref} was refused (also logged)
   */
  Optional<String> swapTo(BundleRef ref) {
    LoadedBundle next;
    long started = System.nanoTime();
    try {
      next = LoadedBundle.open(ref, store, device, tokenizer, prefixCache, tableRead);
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage();
      LOG.warn("refused bundle v{} ({}): {}; keep serving v{}", ref.version(), ref.uri(), why,
          inUseRef == null ? "none" : inUseRef.version());
      return Optional.of(why == null ? e.toString() : why);
    }
    LoadedBundle old = inUse;
    inUse = next;
    inUseRef = ref;
    LOG.info("now serving {} (loaded in {} ms){}", next, (System.nanoTime() - started) / 1_000_000,
        old == null ? "" : ", replacing " + old);
    if (old != null) old.close();
    return Optional.empty();
  }

  LoadedBundle inUse() {
    return inUse;
  }

  BundleRef inUseRef() {
    return inUseRef;
  }

  String modelVersion() {
    return inUse == null ? "" : inUse.versions.modelVersion();
  }

  /** The read path of the bundle in use; empty when it reads plainly from the mapping. */
  Optional<TableReadPath> readPath() {
    return inUse == null ? Optional.empty() : inUse.readPath();
  }

  /** The prefix cache of the bundle in use (a new, empty one after each swap). */
  Optional<PrefixCache> prefixCache() {
    return inUse == null ? Optional.empty() : inUse.prefixCache();
  }

  long tableVersion() {
    return inUse == null ? 0 : inUse.version();
  }

  @Override
  public void close() {
    if (inUse != null) inUse.close();
    inUse = null;
  }
}
