package dev.scone.jobs.count;

import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import dev.scone.training.fgrams.VocabularyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes vocabularies at version numbers the caller chooses (the streaming job keeps its
 * counter in checkpointed state), in the {@link VocabularyStore} layout {@code
 * <store>/vocab/vNNNNNN/vocab.arrow}, each file written atomically by {@link VocabularyFile}.
 *
 * <p><b>Idempotent, never overwriting.</b> A job restored from a checkpoint taken before it
 * published version {@code v} publishes {@code v} again. If the file of {@code v} already holds the
 * same f-grams and counts, it is kept and reused (same file, same SHA-256). If it holds something
 * else (the restored job saw a different cut of its input by the time it selected), that file is
 * left alone and the next free version is used: the old {@code v} was never announced (its
 * announcement's transaction aborted with the failed attempt), so readers that follow {@code
 * scone.vocab} never see it; the store may keep such unannounced files. Not safe for two
 * concurrent publishers on one store.
 */
public final class VocabularyVersions {
  private static final Logger LOG = LoggerFactory.getLogger(VocabularyVersions.class);

  private final VocabularyStore store;

  public VocabularyVersions(Path storeRoot) {
    this.store = new VocabularyStore(storeRoot);
  }

  /** The highest version in the store (announced or not), if any. */
  public OptionalLong latestVersion() throws IOException {
    return store.latestVersion();
  }

  /** The vocabulary published as {@code version}, or null when there is none. */
  public FgramVocabulary read(long version) throws IOException {
    Path file = store.fileOf(version);
    return Files.exists(file) ? VocabularyFile.read(file).vocabulary() : null;
  }

  /**
   * Publishes {@code vocab} as version {@code first}, or as the first version after it whose file
   * is absent or already holds the same content.
   */
  public VocabularyStore.Published publishFrom(long first, FgramVocabulary vocab, String sourceSha256) throws IOException {
    for (long v = first; ; v++) {
      Path file = store.fileOf(v);
      FgramVocabulary versioned = vocab.withVersion(v);
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        return new VocabularyStore.Published(v, file, VocabularyFile.write(versioned, sourceSha256, file));
      }
      VocabularyFile.Contents existing = readOrNull(file);
      if (existing != null && existing.vocabulary().sameContent(versioned)) {
        LOG.info("vocabulary version {} already holds this selection (published before a restore); reusing {}", v, file);
        return new VocabularyStore.Published(v, file, existing.fileSha256());
      }
      LOG.warn("vocabulary version {} exists at {} with other content (an unannounced publish before a restore); "
          + "keeping it and trying version {}", v, file, v + 1);
    }
  }

  private static VocabularyFile.Contents readOrNull(Path file) throws IOException {
    try {
      return VocabularyFile.read(file);
    } catch (TableFormatException e) {
      return null; // unreadable: not ours to repair or overwrite
    }
  }
}
