package dev.scone.fgram.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file being published atomically: bytes go to a temporary name in the target's directory
 * (hashed as they are written), then {@link #commit()} fsyncs, renames onto the target with
 * {@code ATOMIC_MOVE}, fsyncs the directory where the platform allows, and publishes the
 * {@code <target>.sha256} sidecar the same way. Readers see the old file or the new one, never a
 * part. Between the two renames a reader may pair the new file with the old sidecar and refuse it;
 * it then keeps the version it had, which is the contract.
 *
 * <p>{@link #close()} without a commit deletes the temporary file. Not thread-safe: one writer.
 */
public final class StagedFile implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StagedFile.class);

  private final Path target;
  private final Path temp;
  private final FileChannel file;
  private final MessageDigest digest = FileSha256.newDigest();
  private final WritableByteChannel channel = new HashingChannel();
  private boolean done;

  private StagedFile(Path target, Path temp, FileChannel file) {
    this.target = target;
    this.temp = temp;
    this.file = file;
  }

  /** Starts a file that will replace {@code target} on commit. */
  public static StagedFile create(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = tempBeside(target);
    FileChannel file = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new StagedFile(target, temp, file);
  }

  /**
   * A fresh hidden name beside {@code target}. Created with CREATE_NEW rather than {@code
   * Files.createTempFile}, whose owner-only permissions would survive the rename and hide the
   * published file from readers running as other users; this way the umask decides, as for any file.
   */
  private static Path tempBeside(Path target) {
    String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    return target.toAbsolutePath().resolveSibling("." + target.getFileName() + "." + suffix + ".tmp");
  }

  /**
   * Where to write the bytes. Writes are sequential (no seeking); closing this channel does
   * nothing, so writers that close their channel (Arrow's) cannot end the staging early.
   */
  public WritableByteChannel channel() {
    return channel;
  }

  public Path target() {
    return target;
  }

  /**
   * Makes the written bytes the target file, durably, and writes its sidecar.
   *
   * @return the SHA-256 hex of the published file's bytes
   */
  public String commit() throws IOException {
    if (done) throw new IllegalStateException(target + ": already committed or aborted");
    String sha256 = FileSha256.hex(digest.digest());
    file.force(true);
    file.close();
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    done = true;
    fsyncDirectory(target.toAbsolutePath().getParent());
    writeSidecar(target, sha256);
    return sha256;
  }

  /**
   * Deletes the temporary files that writers of {@code target} killed before commit or close left
   * beside it. Only for callers that know no other writer of {@code target} is running.
   *
   * @return how many were deleted
   */
  public static int deleteAbandoned(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) return 0;
    String prefix = "." + target.getFileName() + ".";
    int deleted = 0;
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(".tmp") && Files.deleteIfExists(p)) deleted++;
      }
    }
    return deleted;
  }

  /**
   * A temporary file beside {@code target} for a writer that cannot write sequentially (one that
   * maps the file): create it, fill it, then {@link #publishWritten}; delete it on failure.
   */
  public static Path tempFileBeside(Path target) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path temp = tempBeside(target);
    Files.createFile(temp);
    return temp;
  }

  /**
   * Publishes a file filled in place at {@code temp} (from {@link #tempFileBeside}) as {@code
   * target}, as {@link #commit()} does: fsync, hash, atomic rename, directory fsync, sidecar.
   *
   * @return the SHA-256 hex of the published file's bytes
   */
  public static String publishWritten(Path temp, Path target) throws IOException {
    String sha256;
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      channel.force(true);
      sha256 = FileSha256.of(channel);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(target.toAbsolutePath().getParent());
    writeSidecar(target, sha256);
    return sha256;
  }

  private static void writeSidecar(Path target, String sha256) throws IOException {
    Path sidecar = FileSha256.sidecarOf(target);
    Path dir = sidecar.toAbsolutePath().getParent();
    Path temp = tempBeside(sidecar);
    try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer text = ByteBuffer.wrap(FileSha256.sidecarText(target, sha256));
      while (text.hasRemaining()) out.write(text);
      out.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsyncDirectory(dir);
  }

  /** Makes the rename durable; some platforms and file systems cannot open a directory. */
  private static void fsyncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot fsync directory {}: {}", dir, e.toString());
    }
  }

  /** Abandons the file if it was not committed: the temporary file is deleted, the target untouched. */
  @Override
  public void close() throws IOException {
    if (done) return;
    done = true;
    try {
      file.close();
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Writes to the temporary file and feeds exactly the bytes written to the digest. */
  private final class HashingChannel implements WritableByteChannel {
    @Override
    public int write(ByteBuffer src) throws IOException {
      if (done) throw new IOException(target + ": staging already committed or aborted");
      int start = src.position();
      int n = file.write(src);
      ByteBuffer written = src.duplicate();
      written.position(start).limit(start + n);
      digest.update(written);
      return n;
    }

    @Override
    public boolean isOpen() {
      return !done;
    }

    @Override
    public void close() {
      // Arrow's writers close their channel when they end; committing is this class's job.
    }
  }
}
