package dev.scone.cli;

import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.corpus.SconeCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code --bundle} value: a bundle directory, a version number of a bundle in the store
 * ({@code --store}, by default {@link SconeCache#store()}), or {@code latest}, the store's newest.
 * Opening verifies the bundle.
 */
public final class BundleArgument {

  private BundleArgument() {}

  /**
   * Opens and verifies the bundle {@code value} names.
   *
   * @param store the store a bare version number refers to, or null for the default store
   * @throws IOException naming the value when it is neither a directory nor a published version
   */
  public static ModelBundle open(String value, Path store) throws IOException {
    Path root = store != null ? store : SconeCache.store();
    if (value.equals("latest")) {
      BundleStore bundles = BundleStore.at(root);
      return bundles.open(bundles.latest().orElseThrow(() ->
          new IOException("bundle latest: the store " + root + " has no published bundle; `scone train` publishes one")));
    }
    if (value.matches("v?\\d+")) {
      long version = Long.parseLong(value.startsWith("v") ? value.substring(1) : value);
      BundleStore bundles = BundleStore.at(root);
      if (!bundles.list().contains(version)) {
        throw new IOException("bundle " + value + ": no version " + version + " in the store " + root
            + " (published: " + bundles.list() + ")");
      }
      return bundles.open(version);
    }
    Path dir = Path.of(value);
    if (!Files.isDirectory(dir)) {
      throw new IOException("bundle " + value + ": expected a bundle directory or a version number of the store "
          + root + ", found neither");
    }
    return ModelBundle.open(dir);
  }
}
