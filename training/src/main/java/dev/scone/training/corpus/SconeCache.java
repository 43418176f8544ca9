package dev.scone.training.corpus;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where scone keeps downloaded and derived data outside git: {@code $SCONE_CACHE} when that
 * variable is set and not blank, else {@code ~/.cache/scone}. Each kind of data gets its own
 * sub-directory (for example {@link #corpora()}).
 *
 * <p>Stateless; resolving touches no file system. Thread-safe.
 */
public final class SconeCache {

  /** The environment variable that overrides the cache root. */
  public static final String ENV_VAR = "SCONE_CACHE";

  private SconeCache() {}

  /** The cache root for this process's environment and {@code user.home}. */
  public static Path root() {
    return root(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The directory holding fetched corpora: {@code root()/corpora}. */
  public static Path corpora() {
    return root().resolve("corpora");
  }

  /**
   * The default store of published vocabularies and bundles: {@code root()/store}. Every command
   * that takes {@code --store} falls back to this one.
   */
  public static Path store() {
    return root().resolve("store");
  }

  /**
   * The cache root for the given environment and home directory; split out so callers and
   * tests can resolve it without touching the real environment.
   */
  public static Path root(Map<String, String> env, Path userHome) {
    String override = env.get(ENV_VAR);
    if (override != null && !override.isBlank()) {
      return Path.of(override).toAbsolutePath();
    }
    return userHome.resolve(".cache").resolve("scone");
  }
}
