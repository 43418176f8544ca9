package dev.scone.model.bundle;

import java.nio.file.Path;
import java.util.Objects;

/** An announcement must describe the manifest it points to, field by field. */
final class AnnouncementCheck {
  private AnnouncementCheck() {}

  static void requireMatches(BundleRef ref, BundleManifest manifest, Path manifestFile) throws BundleException {
    String label = BundleVersions.name(ref.version());
    require(manifestFile, label, "version", ref.version(), manifest.version());
    require(manifestFile, label, "vocab_version", ref.vocabVersion(), manifest.vocabVersion());
    require(manifestFile, label, "model_version", ref.modelVersion(), manifest.modelVersion());
    require(manifestFile, label, "rows", ref.rows(), manifest.rows());
    require(manifestFile, label, "dim", ref.dim(), manifest.dim());
    require(manifestFile, label, "dtype", ref.dtype(), manifest.dtype());
  }

  private static void require(Path file, String label, String key, Object announced, Object found)
      throws BundleException {
    if (!Objects.equals(announced, found)) {
      throw new BundleException(file, key + " does not match the announcement (expected " + announced + ", found "
          + found + ")", label);
    }
  }
}
