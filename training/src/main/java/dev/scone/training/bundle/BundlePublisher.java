package dev.scone.training.bundle;

import dev.scone.fgram.files.FileTrees;
import dev.scone.fgram.files.LockFile;
import dev.scone.model.bundle.BundleRef;
import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.BundleVersions;
import dev.scone.model.bundle.ModelBundle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of a {@link BundleStore}: publishes bundles with monotonic versions, a version
 * number never given out twice, even after a crash or after a bundle was deleted.
 *
 * <p>{@link #publish} writes the whole bundle into a hidden staging directory inside the store,
 * fsyncs every file and the directory, then renames it into place atomically: readers see a
 * complete bundle or none. Staging directories left by a crashed publisher are never listed and
 * are removed by the next publish (or {@link #removeAbandoned()}). Announce the returned
 * {@link BundleRef} only after publish returns.
 *
 * <p>Thread-safe. Publishers are serialised, within the JVM and across processes on the host,
 * by a lock file.
 */
public final class BundlePublisher {
  private static final Logger LOG = LoggerFactory.getLogger(BundlePublisher.class);
  static final String LOCK = ".publish.lock";
  /** The highest version ever given out, so a deleted or crashed version's number is not reused. */
  static final String LAST_VERSION = ".last_version";

  private final BundleStore store;

  private BundlePublisher(BundleStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Publishes into {@code store}. */
  public static BundlePublisher to(BundleStore store) {
    return new BundlePublisher(store);
  }

  /** Publishes into the store at {@code root} (created on first publish). */
  public static BundlePublisher at(Path root) {
    return new BundlePublisher(BundleStore.at(root));
  }

  public BundleStore store() {
    return store;
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
    Files.createDirectories(store.bundlesDirectory());
    try (LockFile lock = LockFile.acquire(store.bundlesDirectory().resolve(LOCK))) {
      removeAbandonedLocked();
      long version = Math.max(lastVersion(), store.list().stream().mapToLong(Long::longValue).max().orElse(0)) + 1;
      writeLastVersion(version);
      Path staging = store.bundlesDirectory().resolve(BundleVersions.STAGING_PREFIX + BundleVersions.name(version) + "-"
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      Files.createDirectory(staging);
      try {
        BundleWriter.Written written = BundleWriter.write(staging, request, version, previous, Instant.now());
        Durable.syncFilesAndDirectory(staging);
        Path target = store.directory(version);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(store.bundlesDirectory());
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


  /** Removes staging directories left by crashed publishes; returns how many. */
  public int removeAbandoned() throws IOException {
    if (!Files.isDirectory(store.bundlesDirectory())) return 0;
    try (LockFile lock = LockFile.acquire(store.bundlesDirectory().resolve(LOCK))) {
      return removeAbandonedLocked();
    }
  }

  /** With the lock held no publish is in progress, so every staging directory is abandoned. */
  private int removeAbandonedLocked() throws IOException {
    int removed = 0;
    try (Stream<Path> entries = Files.list(store.bundlesDirectory())) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        if (!BundleVersions.isStaging(p.getFileName().toString())) continue;
        LOG.warn("removing {} left by a publish that did not finish", p);
        FileTrees.delete(p);
        removed++;
      }
    }
    return removed;
  }

  private long lastVersion() throws IOException {
    Path file = store.bundlesDirectory().resolve(LAST_VERSION);
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
    Path file = store.bundlesDirectory().resolve(LAST_VERSION);
    Path temp = store.bundlesDirectory().resolve(LAST_VERSION + ".tmp");
    Files.writeString(temp, version + "\n", StandardCharsets.UTF_8);
    try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Durable.syncDirectory(store.bundlesDirectory());
  }

  private static void deleteQuietly(Path dir, Exception cause) {
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public String toString() {
    return "BundlePublisher[" + store.root() + "]";
  }
}
