package dev.scone.training.bundle;

import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.files.FileTrees;
import dev.scone.fgram.files.StagedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a resumable precompute keeps the f-gram rows it has computed, one file per chunk, so that
 * a run after a kill (even kill -9) reads them back instead of computing them again, and writes a
 * table equal bit for bit to an uninterrupted run's: chunks keep their boundaries and batches, so
 * each row is the same float whether computed now or read back.
 *
 * <p>Layout of the work directory: {@code work.txt} holds the fingerprint of what the rows mean
 * (model version, vocabulary digest, width, batching, refresh source); a directory with another
 * fingerprint is emptied first. {@code chunk-NNNNNNNN.rows} holds int32 row count, int32 rows
 * copied from a previous table, then the rows as float32, little-endian; each is published
 * atomically with a {@code .sha256} sidecar, and one that does not verify is computed again.
 * Costs 4 bytes per value of disk until the table is published, then {@link #delete()}d.
 *
 * <p>Not thread-safe: one precompute per work directory.
 */
final class ChunkStore {
  private static final String FINGERPRINT = "work.txt";
  private static final ChunkStore NONE = new ChunkStore(null, 0);
  /** Test hook: a positive value makes the store throw after writing that many chunks (a simulated kill). */
  static int interruptAfterWrites;

  private final Path dir;
  private final int dim;
  private int writes;

  private ChunkStore(Path dir, int dim) {
    this.dir = dir;
    this.dim = dim;
  }

  /** A store that keeps nothing (a precompute that is not resumable). */
  static ChunkStore none() {
    return NONE;
  }

  /** The store in {@code dir} for rows of {@code dim} values meaning {@code fingerprint}; emptied if it meant other rows. */
  static ChunkStore open(Path dir, int dim, String fingerprint) throws IOException {
    Path file = dir.resolve(FINGERPRINT);
    if (Files.isDirectory(dir)
        && !(Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(fingerprint))) {
      FileTrees.delete(dir);
    }
    Files.createDirectories(dir);
    if (!Files.isRegularFile(file)) Files.writeString(file, fingerprint, StandardCharsets.UTF_8);
    return new ChunkStore(dir, dim);
  }

  /**
   * Reads chunk {@code index} of {@code rows} rows into {@code out}, returning how many of them
   * were copied from a previous table; empty when the chunk is not stored (or does not verify).
   */
  Optional<Integer> read(int index, int rows, float[] out) throws IOException {
    if (dir == null) return Optional.empty();
    Path file = chunkFile(index);
    if (!Files.isRegularFile(file)) return Optional.empty();
    Optional<String> sidecar = FileSha256.readSidecar(file);
    if (sidecar.isEmpty() || !sidecar.get().equals(FileSha256.of(file))) return Optional.empty();
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.remaining() != 8 + 4L * rows * dim || bytes.getInt() != rows) return Optional.empty();
    int copied = bytes.getInt();
    bytes.asFloatBuffer().get(out, 0, rows * dim);
    return Optional.of(copied);
  }

  /** Stores chunk {@code index}: the first {@code rows} rows of {@code in}, {@code copied} of them copied. */
  void write(int index, float[] in, int rows, int copied) throws IOException {
    if (dir == null) return;
    ByteBuffer bytes = ByteBuffer.allocate(8 + 4 * rows * dim).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putInt(rows).putInt(copied);
    bytes.asFloatBuffer().put(in, 0, rows * dim);
    // the float view does not move this buffer's position (still after the header): write it all
    bytes.rewind();
    try (StagedFile staged = StagedFile.create(chunkFile(index))) {
      while (bytes.hasRemaining()) staged.channel().write(bytes);
      staged.commit();
    }
    if (interruptAfterWrites > 0 && ++writes >= interruptAfterWrites) {
      throw new IllegalStateException("simulated kill after " + writes + " chunks");
    }
  }

  /** Removes the work directory, once the table it was for is published. */
  void delete() throws IOException {
    if (dir != null) FileTrees.delete(dir);
  }

  private Path chunkFile(int index) {
    return dir.resolve(String.format("chunk-%08d.rows", index));
  }
}
