package dev.scone.model.bundle;

import ai.djl.Device;
import dev.scone.fgram.files.PageAdvice;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.table.TableReadPath;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.model.LanguageModel;
import dev.scone.model.infer.Generator;
import dev.scone.model.infer.PrefixCache;
import dev.scone.model.infer.PrefixCacheConfig;
import dev.scone.model.infer.ModelHandle;
import dev.scone.model.infer.Scorer;
import java.util.Objects;
import java.util.Optional;

/**
 * A published bundle ready to serve on one thread: its main model (no f-gram model), a
 * {@link ModelHandle} reading the bundle's table through its vocabulary's longest-match rows
 * (SCONE) or the token embedding (a baseline bundle, which has no f-grams), and the bundle's
 * tokenizer. {@link #scorer()} and {@link #generator()} run on the handle.
 *
 * <p>Not thread-safe (one handle). The bundle stays the caller's: close this first, then the
 * bundle (whose table the handle reads).
 */
public final class ServedBundle implements AutoCloseable {

  private final LanguageModel model;
  private final ModelHandle handle;
  private final Tokenizer tokenizer;
  private final FgramMatcher matcher; // null for a baseline bundle
  private final PrefixCache prefixes; // null: off

  private ServedBundle(LanguageModel model, ModelHandle handle, Tokenizer tokenizer, FgramMatcher matcher,
      PrefixCache prefixes) {
    this.model = model;
    this.handle = handle;
    this.tokenizer = tokenizer;
    this.matcher = matcher;
    this.prefixes = prefixes;
  }

  /** Loads {@code bundle}'s main model on {@code device} and opens a handle on it; no prefix cache. */
  public static ServedBundle open(dev.scone.model.bundle.ModelBundle bundle, Device device) {
    return open(bundle, device, PrefixCacheConfig.OFF);
  }

  /**
   * Loads {@code bundle}'s main model on {@code device} and opens a handle on it, with a new,
   * empty prefix cache of {@code prefixCache} (when enabled) that its scorer and generator share,
   * keyed also by the bundle's model and table versions.
   */
  public static ServedBundle open(ModelBundle bundle, Device device, PrefixCacheConfig prefixCache) {
    return open(bundle, device, prefixCache, null);
  }

  /**
   * As {@link #open(ModelBundle, Device, PrefixCacheConfig)}, with SCONE rows read through {@code
   * readPath} (a Caffeine tier and/or prefetch over the bundle's table: for a table larger than
   * RAM), or plainly from the mapped table when it is null. The read path stays the caller's, shared
   * by every handle on the bundle: close it after them. A read path with {@link
   * dev.scone.fgram.table.TableReadOptions#randomAccess()} has the index's tables advised the same way.
   *
   * @throws IllegalArgumentException when {@code readPath} reads another table than the bundle's
   */
  public static ServedBundle open(ModelBundle bundle, Device device, PrefixCacheConfig prefixCache,
      TableReadPath readPath) {
    Objects.requireNonNull(bundle, "bundle");
    if (readPath != null && readPath.table() != bundle.table()) {
      throw new IllegalArgumentException("the read path is over " + readPath.table() + ", not the bundle's table "
          + bundle.table());
    }
    Tokenizer tokenizer = Tokenizers.byName(bundle.manifest().tokenizer());
    LanguageModel model = bundle.loadModel(device, false);
    try {
      FgramMatcher matcher = bundle.vocabulary().size() == 0 ? null : bundle.matcher();
      if (matcher != null && readPath != null && readPath.options().randomAccess()) {
        matcher.adviseTables(PageAdvice.Advice.RANDOM); // a hint: refused, faults read around as before
      }
      ModelHandle handle = matcher == null
          ? ModelHandle.baseline(model, bundle.tokenIds())
          : ModelHandle.scone(model, bundle.tokenIds(), readPath != null ? readPath : bundle.table(), matcher);
      PrefixCache prefixes = prefixCache.enabled()
          ? PrefixCache.create(prefixCache, "model " + bundle.manifest().modelVersion() + " / table v"
              + bundle.manifest().version())
          : null;
      return new ServedBundle(model, handle, tokenizer, matcher, prefixes);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  public ModelHandle handle() {
    return handle;
  }

  /** The longest-match rule over the bundle's f-grams; empty for a baseline bundle (no f-grams). */
  public Optional<FgramMatcher> matcher() {
    return Optional.ofNullable(matcher);
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** The prefix cache the scorer and generator share; empty when it is off. */
  public Optional<PrefixCache> prefixCache() {
    return Optional.ofNullable(prefixes);
  }

  /** A sliding-window scorer (stride context / 2) on this handle, with the prefix cache if on. */
  public Scorer scorer() {
    return new Scorer(handle, prefixes);
  }

  /** A generator on this handle, decoding with the bundle's tokenizer, with the prefix cache if on. */
  public Generator generator() {
    return new Generator(handle, tokenizer, prefixes);
  }

  /** Closes the handle and the model and empties the prefix cache: no block outlives its weights. */
  @Override
  public void close() {
    if (prefixes != null) prefixes.close();
    try {
      handle.close();
    } finally {
      model.close();
    }
  }
}
