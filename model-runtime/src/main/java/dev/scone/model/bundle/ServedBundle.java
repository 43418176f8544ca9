package dev.scone.model.bundle;

import ai.djl.Device;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.tokenize.Tokenizer;
import dev.scone.fgram.tokenize.Tokenizers;
import dev.scone.model.LanguageModel;
import dev.scone.model.infer.Generator;
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

  private ServedBundle(LanguageModel model, ModelHandle handle, Tokenizer tokenizer, FgramMatcher matcher) {
    this.model = model;
    this.handle = handle;
    this.tokenizer = tokenizer;
    this.matcher = matcher;
  }

  /** Loads {@code bundle}'s main model on {@code device} and opens a handle on it. */
  public static ServedBundle open(dev.scone.model.bundle.ModelBundle bundle, Device device) {
    Objects.requireNonNull(bundle, "bundle");
    Tokenizer tokenizer = Tokenizers.byName(bundle.manifest().tokenizer());
    LanguageModel model = bundle.loadModel(device, false);
    try {
      FgramMatcher matcher = bundle.vocabulary().size() == 0 ? null : FgramMatcher.build(bundle.vocabulary());
      ModelHandle handle = matcher == null
          ? ModelHandle.baseline(model, bundle.tokenIds())
          : ModelHandle.scone(model, bundle.tokenIds(), bundle.table(), matcher);
      return new ServedBundle(model, handle, tokenizer, matcher);
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

  /** A sliding-window scorer (stride context / 2) on this handle. */
  public Scorer scorer() {
    return new Scorer(handle);
  }

  /** A generator on this handle, decoding with the bundle's tokenizer. */
  public Generator generator() {
    return new Generator(handle, tokenizer);
  }

  @Override
  public void close() {
    try {
      handle.close();
    } finally {
      model.close();
    }
  }
}
