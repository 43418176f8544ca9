package dev.scone.model.bundle;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The read side of a directory of published model bundles, {@code <root>/bundles/v000001/},
 * {@code v000002/}, ...: list the versions, read an announcement, open and verify a version or an
 * announced bundle. The root is a local path; a Flink FileSystem URI (object stores, HDFS) is
 * future work. Publishing is the trainer's ({@code dev.scone.training.bundle.BundlePublisher}),
 * which writes a whole bundle under a staging name and renames it into place, so a reader sees a
 * complete bundle or none.
 *
 * <p>Thread-safe; readers take no lock (published directories are never modified).
 */
public final class BundleStore {
  static final String BUNDLES = "bundles";

  private final Path root;
  private final Path bundles;

  private BundleStore(Path root) {
    this.root = root;
    this.bundles = root.resolve(BUNDLES);
  }

  /** The store at {@code root} (created on first publish). */
  public static BundleStore at(Path root) {
    return new BundleStore(root.toAbsolutePath().normalize());
  }

  public Path root() {
    return root;
  }

  /** The directory that holds the versions, {@code <root>/bundles}. */
  public Path bundlesDirectory() {
    return bundles;
  }

  /** Where version {@code version} is (or would be) published. */
  public Path directory(long version) {
    return bundles.resolve(BundleVersions.name(version));
  }

  /** Published versions, ascending. Staging directories and other names are not listed. */
  public List<Long> list() throws IOException {
    if (!Files.isDirectory(bundles)) return List.of();
    List<Long> versions = new ArrayList<>();
    try (Stream<Path> entries = Files.list(bundles)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        OptionalLong v = BundleVersions.parse(p.getFileName().toString());
        if (v.isPresent() && Files.isDirectory(p)) versions.add(v.getAsLong());
      }
    }
    versions.sort(null);
    return versions;
  }

  /** The announcement of the newest published version, if any (its manifest is read, files are not). */
  public Optional<BundleRef> latest() throws IOException {
    List<Long> versions = list();
    return versions.isEmpty() ? Optional.empty() : Optional.of(ref(versions.get(versions.size() - 1)));
  }

  /** The announcement of version {@code version}, from its manifest (files are not verified here). */
  public BundleRef ref(long version) throws IOException {
    Path dir = directory(version);
    ManifestFile.Read read = ManifestFile.read(dir, null, BundleVersions.name(version));
    requireVersion(dir, version, read.manifest().version());
    return BundleRef.of(read.manifest(), read.sha256(), dir.toUri().toString());
  }

  /** Opens and verifies version {@code version} (see {@link ModelBundle}). */
  public ModelBundle open(long version) throws IOException {
    Path dir = directory(version);
    ModelBundle bundle = BundleOpener.open(dir, null);
    try {
      requireVersion(dir, version, bundle.manifest().version());
      return bundle;
    } catch (BundleException e) {
      bundle.close();
      throw e;
    }
  }

  /**
   * Opens and verifies the announced bundle: its uri must be its version's directory in this
   * store (no other root, no path traversal, no symbolic link out), its manifest must have the
   * announced SHA-256, and the manifest must agree with every announced field.
   */
  public ModelBundle open(BundleRef ref) throws IOException {
    Path dir = resolveInside(ref);
    ModelBundle bundle = BundleOpener.open(dir, ref.sha256());
    try {
      AnnouncementCheck.requireMatches(ref, bundle.manifest(), dir.resolve(BundleManifest.FILE_NAME));
      return bundle;
    } catch (BundleException e) {
      bundle.close();
      throw e;
    }
  }

  /** The announced directory, refused unless it is version {@code ref.version()}'s directory here. */
  private Path resolveInside(BundleRef ref) throws BundleException {
    Path expected = directory(ref.version());
    String label = BundleVersions.name(ref.version());
    Path announced;
    try {
      URI uri = new URI(ref.uri());
      if (!"file".equalsIgnoreCase(uri.getScheme())) {
        throw new BundleException(expected, "announced uri '" + ref.uri() + "' is not a file: URI (only local"
            + " stores are supported)", label);
      }
      announced = Path.of(uri).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      throw new BundleException(expected, "announced uri '" + ref.uri() + "' is not a valid file URI (" + e
          + ")", label, e);
    }
    if (!announced.equals(expected)) {
      throw new BundleException(expected, "announced uri '" + ref.uri() + "' is not version " + ref.version()
          + "'s directory in this store (expected " + expected.toUri() + ")", label);
    }
    try {
      Path real = announced.toRealPath();
      if (!real.getParent().equals(bundles.toRealPath())) {
        throw new BundleException(expected, "resolves to " + real + ", outside the store " + bundles, label);
      }
      return real;
    } catch (NoSuchFileException e) {
      throw new BundleException(expected, "missing (the announced bundle is not in this store)", label, e);
    } catch (BundleException e) {
      throw e;
    } catch (IOException e) {
      throw new BundleException(expected, "cannot be resolved (" + e + ")", label, e);
    }
  }

  private static void requireVersion(Path dir, long expected, long found) throws BundleException {
    if (expected != found) {
      throw new BundleException(dir.resolve(BundleManifest.FILE_NAME), "version does not match its directory"
          + " (expected " + expected + ", found " + found + ")", BundleVersions.name(expected));
    }
  }

  @Override
  public String toString() {
    return "BundleStore[" + root + "]";
  }
}
