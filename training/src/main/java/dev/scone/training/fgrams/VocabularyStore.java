package dev.scone.training.fgrams;

import dev.scone.fgram.files.LockFile;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Versioned f-gram vocabularies in a store directory: {@code <store>/vocab/v000007/vocab.arrow}.
 * Versions are monotonic; a new one is the largest present plus one. Each file is published
 * atomically by {@link VocabularyFile} (temporary name, fsync, rename, SHA-256 sidecar), so a
 * reader never sees a half-written version. Publishers are serialised by a {@link LockFile} in the
 * vocabulary directory (threads of one JVM and processes on one host: the counting job, the trainer
 * and the experiment's parallel runs publish into the same store), so two never take one version.
 */
public final class VocabularyStore {
  public static final String FILE_NAME = "vocab.arrow";
  private static final String LOCK = ".publish.lock";
  private static final Pattern VERSION_DIR = Pattern.compile("v(\\d{6,})");

  private final Path root;

  public VocabularyStore(Path storeRoot) {
    this.root = storeRoot.resolve("vocab");
  }

  /** A published vocabulary: its version, file and the file's SHA-256. */
  public record Published(long version, Path file, String sha256) {}

  /** The highest published version, if any. */
  public OptionalLong latestVersion() throws IOException {
    if (!Files.isDirectory(root)) return OptionalLong.empty();
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.map(d -> VERSION_DIR.matcher(d.getFileName().toString()))
          .filter(Matcher::matches)
          .mapToLong(m -> Long.parseLong(m.group(1)))
          .filter(v -> Files.exists(fileOf(v)))
          .max();
    }
  }

  public Path fileOf(long version) {
    return root.resolve(String.format("v%06d", version)).resolve(FILE_NAME);
  }

  /** Publishes {@code vocab} as the next version (its own version field is replaced). */
  public Published publishNext(FgramVocabulary vocab, String sourceSha256) throws IOException {
    Files.createDirectories(root);
    try (LockFile lock = LockFile.acquire(root.resolve(LOCK))) {
      long version = latestVersion().orElse(0) + 1;
      Path file = fileOf(version);
      Files.createDirectories(file.getParent());
      String sha = VocabularyFile.write(vocab.withVersion(version), sourceSha256, file);
      return new Published(version, file, sha);
    }
  }
}
