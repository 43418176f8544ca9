package dev.scone.trainer;

import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.jobs.count.VocabAnnouncement;
import dev.scone.training.fgrams.VocabularyStore;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Verifies an announced vocabulary before the trainer uses it: its uri must be the announced
 * version's file in this store ({@code <store>/vocab/vNNNNNN/vocab.arrow}; no other root, no
 * {@code ..}, no symbolic link out), the file must have the announced SHA-256 and be a valid
 * {@code scone.vocab} file (format, columns, rank order: {@link VocabularyFile#read}), and its
 * metadata must agree with the announcement (version, f-gram count, max_n). Stateless.
 */
public final class VocabularyCheck {
  private final Path storeRoot;
  private final VocabularyStore vocabularies;

  public VocabularyCheck(Path storeRoot) {
    this.storeRoot = storeRoot.toAbsolutePath().normalize();
    this.vocabularies = new VocabularyStore(this.storeRoot);
  }

  /** The verified file's contents. */
  public VocabularyFile.Contents verify(VocabAnnouncement a) throws BadAnnouncement {
    Path file = resolveInside(a);
    VocabularyFile.Contents read;
    try {
      read = VocabularyFile.read(file, a.sha256);
    } catch (IOException | RuntimeException e) {
      throw new BadAnnouncement("vocabulary " + a.version + " at " + file + " refused: " + e.getMessage(), e);
    }
    FgramVocabulary v = read.vocabulary();
    require(file, "version", a.version, v.meta().version());
    require(file, "fgrams", a.fgrams, v.size());
    require(file, "max_n", a.maxN, v.meta().maxN());
    return read;
  }

  private Path resolveInside(VocabAnnouncement a) throws BadAnnouncement {
    Path expected = vocabularies.fileOf(a.version);
    Path announced;
    try {
      URI uri = new URI(a.uri);
      if (!"file".equalsIgnoreCase(uri.getScheme())) {
        throw new BadAnnouncement("vocabulary " + a.version + ": uri '" + a.uri + "' is not a file: URI");
      }
      announced = Path.of(uri).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new BadAnnouncement("vocabulary " + a.version + ": uri '" + a.uri + "' is not a valid file URI", e);
    }
    if (!announced.equals(expected)) {
      throw new BadAnnouncement("vocabulary " + a.version + ": uri '" + a.uri + "' is not that version's file in the"
          + " store (expected " + expected.toUri() + ")");
    }
    try {
      Path real = announced.toRealPath();
      Path root = storeRoot.toRealPath();
      if (!real.startsWith(root)) {
        throw new BadAnnouncement("vocabulary " + a.version + ": " + announced + " resolves to " + real
            + ", outside the store " + root);
      }
      return real;
    } catch (IOException e) {
      throw new BadAnnouncement("vocabulary " + a.version + ": " + announced + " cannot be read (" + e + ")", e);
    }
  }

  private static void require(Path file, String field, long announced, long found) throws BadAnnouncement {
    if (announced != found) {
      throw new BadAnnouncement(file + ": " + field + " does not match the announcement (expected " + announced
          + ", found " + found + ")");
    }
  }
}
