package dev.scone.training.bundle;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of published model bundles, {@code <root>/bundles/v000001/}, {@code v000002/}, ...
 * with monotonic versions: a version number is never given out twice, even after a crash or
 * after a bundle was deleted. The root is a local path; a Flink FileSystem URI (object stores,
 * HDFS) is future work.
 *
 * <p>{@link #publish} writes the whole bundle into a hidden staging directory inside the store,
 * fsyncs every file and the directory, then renames it into place atomically: readers see a
 * complete bundle or none. Staging directories left by a crashed publisher are never listed and
 * are removed by the next publish (or {@link #removeAbandoned()}). Announce the returned
 * {@link BundleRef} only after publish returns.
 *
 * <p>Thread-safe. Publishers are serialised, within the JVM and across processes on the host,
 * by a lock file; readers take no lock (published directories are never modified).
 */
public final class BundleStore {
  private static final Logger LOG = LoggerFactory.getLogger(BundleStore.class);
  static final String BUNDLES = "bundles";
  static final String LOCK = ".publish.lock";
  /** The highest version ever given out, so a deleted or crashed version's number is not reused. */
  static final String LAST_VERSION = ".last_version";

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

  /** Where version {@code version} is (or would be) published. */
  public Path directory(long version) {
    return bundles.resolve(BundleVersions.name(version));
  }

  /** Publishes a bundle with a full precompute of the table; returns its announcement. */
  public BundleRef publish(BundleRequest request) throws IOException {
    return publish(request, null);
  }

  /**
   * Publishes a bundle whose table copies the rows of f-grams {@code previous} already had and
   * computes only the new ones (the vocabulary refresh path; the model must be {@code
   * previous}'s, with the same model_version and dtype). See the manifest's {@code precompute}.
   */
  public BundleRef publishRefresh(BundleRequest request, ModelBundle previous) throws IOException {
    return publish(request, Objects.requireNonNull(previous, "previous"));
  }

  private BundleRef publish(BundleRequest request, ModelBundle previous) throws IOException {
    Objects.requireNonNull(request, "request");
    Files.createDirectories(bundles);
    try (StoreLock lock = StoreLock.acquire(bundles.resolve(LOCK))) {
      removeAbandonedLocked();
      long version = Math.max(lastVersion(), list().stream().mapToLong(Long::longValue).max().orElse(0)) + 1;
      writeLastVersion(version);
      Path staging = bundles.resolve(BundleVersions.STAGING_PREFIX + BundleVersions.name(version) + "-"
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      Files.createDirectory(staging);
      try {
        BundleWriter.Written written = BundleWriter.write(staging, request, version, previous, Instant.now());
        Durable.syncFilesAndDirectory(staging);
        Path target = directory(version);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(bundles);
        BundleRef ref = BundleRef.of(written.manifest(), written.manifestSha256(), target.toUri().toString());
        LOG.info("published {} ({} rows x {} {}, table rows: {} tokens, {} f-grams computed, {} copied)",
            target, ref.rows(), ref.dim(), ref.dtype(), written.manifest().precompute().tokenRows(),
            written.manifest().precompute().fgramRowsComputed(), written.manifest().precompute().fgramRowsCopied());
        return ref;
      } catch (IOException | RuntimeException e) {
        deleteQuietly(staging, e);
        throw e;
      }
    }
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

  /** Removes staging directories left by crashed publishes; returns how many. */
  public int removeAbandoned() throws IOException {
    if (!Files.isDirectory(bundles)) return 0;
    try (StoreLock lock = StoreLock.acquire(bundles.resolve(LOCK))) {
      return removeAbandonedLocked();
    }
  }

  /** With the lock held no publish is in progress, so every staging directory is abandoned. */
  private int removeAbandonedLocked() throws IOException {
    int removed = 0;
    try (Stream<Path> entries = Files.list(bundles)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (!BundleVersions.isStaging(p.getFileName().toString())) continue;
        LOG.warn("removing {} left by a publish that did not finish", p);
        Durable.deleteTree(p);
        removed++;
      }
    }
    return removed;
  }

  private long lastVersion() throws IOException {
    Path file = bundles.resolve(LAST_VERSION);
    if (Files.notExists(file)) return 0;
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException(file + ": expected the last published version number, found '" + text + "'", e);
    }
  }

  /** Records {@code version} as given out, durably, before anything of it is written. */
  private void writeLastVersion(long version) throws IOException {
    Path file = bundles.resolve(LAST_VERSION);
    Path temp = bundles.resolve(LAST_VERSION + ".tmp");
    Files.writeString(temp, version + "\n", StandardCharsets.UTF_8);
    try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Durable.syncDirectory(bundles);
  }

  private static void deleteQuietly(Path dir, Exception cause) {
    try {
      Durable.deleteTree(dir);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public String toString() {
    return "BundleStore[" + root + "]";
  }
}
