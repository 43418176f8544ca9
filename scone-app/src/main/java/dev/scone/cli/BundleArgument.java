package dev.scone.cli;

import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.corpus.SconeCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A {@code --bundle} value: a bundle directory, a version number of a bundle in the store
 * ({@code --store}, by default {@link SconeCache#store()}), or {@code latest}, the store's newest.
 * Opening verifies the bundle. A value that names no bundle is a bad argument (a usage error); a
 * bundle that fails verification is a failure.
 */
public final class BundleArgument {

  /** The {@code --bundle} option's label and description, the same in every command that takes one. */
  public static final String LABEL = "DIR|VERSION|latest";

  public static final String DESCRIPTION = "A bundle directory, a version in the store, or latest (the newest there).";

  /** The value names no bundle: the message starts with the value and says why. */
  static final class NoSuchBundleException extends IOException {
    NoSuchBundleException(String message) {
      super(message);
    }
  }

  private BundleArgument() {}

  /**
   * Opens and verifies the bundle {@code value}, given as {@code --bundle}, names.
   *
   * @param store the store a bare version number refers to, or null for the default store
   * @throws ParameterException naming the value when it names no bundle
   * @throws IOException when the bundle cannot be read or fails verification
   */
  public static ModelBundle open(CommandSpec spec, String value, Path store) throws IOException {
    try {
      return open(value, store);
    } catch (NoSuchBundleException e) {
      throw new ParameterException(spec.commandLine(), "--bundle " + e.getMessage(), e);
    }
  }

  /** As {@link #open(CommandSpec, String, Path)}, a value that names no bundle a {@link NoSuchBundleException}. */
  static ModelBundle open(String value, Path store) throws IOException {
    Path root = store != null ? store : SconeCache.store();
    if (value.equals("latest")) {
      BundleStore bundles = BundleStore.at(root);
      return bundles.open(bundles.latest().orElseThrow(() ->
          new NoSuchBundleException("latest: the store " + root + " has no published bundle; `scone train` publishes one")));
    }
    if (value.matches("v?\\d+")) {
      long version = Long.parseLong(value.startsWith("v") ? value.substring(1) : value);
      BundleStore bundles = BundleStore.at(root);
      if (!bundles.list().contains(version)) {
        throw new NoSuchBundleException(value + ": no version " + version + " in the store " + root
            + " (published: " + bundles.list() + ")");
      }
      return bundles.open(version);
    }
    Path dir = Path.of(value);
    if (!Files.isDirectory(dir)) {
      throw new NoSuchBundleException(value + ": expected a bundle directory or a version number of the store "
          + root + ", found neither");
    }
    return ModelBundle.open(dir);
  }
}
