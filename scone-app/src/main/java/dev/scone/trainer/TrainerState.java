package dev.scone.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * What the trainer has done, kept in {@code <store>/trainer/state.json} (snake_case keys) so a
 * restart neither redoes a vocabulary version it already acted on (published or rejected) nor
 * forgets when it last retrained. Written atomically (temporary file, fsync, rename). Immutable.
 *
 * @param lastVocabVersion the highest vocabulary version acted on, 0 for none
 * @param versionsSinceRetrain vocabulary versions acted on since the last retrain
 * @param lastRetrainAt ISO-8601 instant of the last retrain (or of the first start), never null
 */
public record TrainerState(long lastVocabVersion, int versionsSinceRetrain, String lastRetrainAt) {
  static final String DIR = "trainer";
  static final String FILE = "state.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  public TrainerState {
    if (lastVocabVersion < 0) throw new IllegalArgumentException("last_vocab_version must be >= 0");
    Instant.parse(lastRetrainAt);
  }

  public static Path file(Path storeRoot) {
    return storeRoot.resolve(DIR).resolve(FILE);
  }

  /** The saved state, or a fresh one (nothing handled, retrain clock started now). */
  public static TrainerState load(Path storeRoot) throws IOException {
    Path f = file(storeRoot);
    if (Files.notExists(f)) return new TrainerState(0, 0, Instant.now().toString());
    try {
      return JSON.readValue(Files.readString(f, StandardCharsets.UTF_8), TrainerState.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(f + ": not a trainer state (expected {\"last_vocab_version\", \"versions_since_retrain\","
          + " \"last_retrain_at\"}): " + e.getMessage(), e);
    }
  }

  public void save(Path storeRoot) throws IOException {
    Path f = file(storeRoot);
    Files.createDirectories(f.getParent());
    Path temp = f.resolveSibling(FILE + ".tmp");
    Files.writeString(temp, JSON.writeValueAsString(this), StandardCharsets.UTF_8);
    try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
      c.force(true);
    }
    Files.move(temp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** After acting on vocabulary {@code version}; {@code retrained} resets the retrain counters. */
  public TrainerState handled(long version, boolean retrained, Instant now) {
    return retrained
        ? new TrainerState(Math.max(version, lastVocabVersion), 0, now.toString())
        : new TrainerState(Math.max(version, lastVocabVersion), versionsSinceRetrain + 1, lastRetrainAt);
  }

  public Instant lastRetrain() {
    return Instant.parse(lastRetrainAt);
  }
}
