package dev.scone.fgram.arrow;

import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.files.PageAdvice;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow IPC file memory-mapped read-only, its record batches loaded zero-copy: the vectors'
 * buffers are slices of the mapping (wrapped with {@code wrapForeignAllocation}), so opening costs
 * the metadata only and the OS pages rows in on first touch.
 *
 * <p>The mappings are held in a final field for the object's whole life, even after {@link
 * #close()}: a collected {@link MappedByteBuffer} is unmapped, and reads through addresses taken
 * from it would return another allocation's bytes without any error. The OS mapping goes when
 * this object becomes unreachable. Consecutive batches share one mapping of up to 1 GiB, which
 * keeps the number of mappings small for any batch size.
 *
 * <p>Not thread-safe to open or close; the loaded vectors may be read from many threads.
 */
public final class MappedArrowFile implements AutoCloseable {
  public static final long SEGMENT_BYTES = 1L << 30;

  final Path file;
  public final Schema schema;
  /** SHA-256 hex of the bytes that were mapped, when it was computed. */
  public final Optional<String> sha256;
  private final MappedByteBuffer[] mappings;
  private final BufferAllocator allocator;
  private final List<VectorSchemaRoot> batches;

  /** The format's checks of a schema (metadata and column types), run before batches are loaded. */
  @FunctionalInterface
  public interface SchemaCheck {
    void check(Schema schema) throws TableFormatException;
  }

  private MappedArrowFile(Path file, Schema schema, Optional<String> sha256, MappedByteBuffer[] mappings,
      BufferAllocator allocator, List<VectorSchemaRoot> batches) {
    this.file = file;
    this.schema = schema;
    this.sha256 = sha256;
    this.mappings = mappings;
    this.allocator = allocator;
    this.batches = batches;
  }

  /**
   * Opens, verifies ({@code expectedSha256}, else the sidecar, else nothing unless {@code
   * alwaysHash}), checks the structure and maps {@code file}.
   */
  public static MappedArrowFile open(Path file, String expectedSha256, boolean alwaysHash, SchemaCheck check)
      throws IOException {
    return open(file, expectedSha256, alwaysHash, SEGMENT_BYTES, check);
  }

  /**
   * As {@link #open(Path, String, boolean, SchemaCheck)}, with mappings of at most {@code
   * segmentBytes} (tests use small ones to cover tables spanning several mappings).
   */
  public static MappedArrowFile open(Path file, String expectedSha256, boolean alwaysHash, long segmentBytes,
      SchemaCheck check) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      Optional<String> sha = FileSha256.verify(file, channel, expectedSha256);
      if (sha.isEmpty() && alwaysHash) sha = Optional.of(FileSha256.of(channel));
      ArrowFileLayout layout = ArrowFileLayout.read(file, channel);
      check.check(layout.schema); // format, version, types, expectations: before touching any batch
      BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
      List<MappedByteBuffer> mappings = new ArrayList<>();
      List<VectorSchemaRoot> roots = new ArrayList<>();
      try {
        for (int i = 0; i < layout.batches.size(); ) {
          i = mapSegment(file, channel, layout, i, segmentBytes, allocator, mappings, roots);
        }
      } catch (IOException | RuntimeException e) {
        roots.forEach(VectorSchemaRoot::close);
        closeQuietly(allocator, e);
        if (e instanceof TableFormatException) throw e;
        throw new TableFormatException(file, "cannot load record batches (" + e + ")", e);
      }
      return new MappedArrowFile(
          file, layout.schema, sha, mappings.toArray(new MappedByteBuffer[0]), allocator, List.copyOf(roots));
    }
  }

  /** Maps batches {@code first..} that fit one segment, loads them; returns the next batch index. */
  private static int mapSegment(Path file, FileChannel channel, ArrowFileLayout layout, int first, long segmentBytes,
      BufferAllocator allocator, List<MappedByteBuffer> mappings, List<VectorSchemaRoot> roots) throws IOException {
    List<ArrowFileLayout.Batch> all = layout.batches;
    long start = all.get(first).block().getOffset();
    int last = first;
    while (last + 1 < all.size() && end(all.get(last + 1)) - start <= segmentBytes) last++;
    long length = end(all.get(last)) - start;
    if (length > Integer.MAX_VALUE) {
      throw new TableFormatException(file, "record batch " + first + " is " + length + " bytes; at most "
          + Integer.MAX_VALUE + " fit one mapping");
    }
    MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
    mappings.add(mapping);
    ArrowBuf whole = allocator.wrapForeignAllocation(new MappedRegion(mapping));
    try {
      for (int i = first; i <= last; i++) roots.add(load(file, layout.schema, all.get(i), i, whole, start, allocator));
    } finally {
      whole.getReferenceManager().release(); // the loaded vectors hold their own references
    }
    return last + 1;
  }

  private static VectorSchemaRoot load(Path file, Schema schema, ArrowFileLayout.Batch batch, int index,
      ArrowBuf segment, long segmentStart, BufferAllocator allocator) throws IOException {
    RecordBatch header = (RecordBatch) batch.message().header(new RecordBatch());
    if (header == null || header.compression() != null) {
      throw new TableFormatException(
          file, "record batch " + index + " is compressed or has no header; the scone formats are uncompressed");
    }
    long bodyOffset = batch.block().getOffset() + batch.block().getMetadataLength() - segmentStart;
    ArrowBuf body = segment.slice(bodyOffset, batch.block().getBodyLength());
    body.getReferenceManager().retain(); // deserializeRecordBatch releases the body once
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    try (ArrowRecordBatch records = MessageSerializer.deserializeRecordBatch(batch.message(), body)) {
      RecordBatchCheck.check(file, index, schema, records, body.memoryAddress());
      new VectorLoader(root).load(records);
      return root;
    } catch (IOException | RuntimeException e) {
      root.close();
      throw e;
    }
  }

  private static long end(ArrowFileLayout.Batch b) {
    return b.block().getOffset() + b.block().getMetadataLength() + b.block().getBodyLength();
  }

  public int batchCount() {
    return batches.size();
  }

  /** Batch {@code i}'s vectors; valid until {@link #close()}. */
  public VectorSchemaRoot batch(int i) {
    return batches.get(i);
  }

  /**
   * Refuses a column buffer that does not hold {@code neededBytes} bytes of the file. Arrow
   * silently reallocates (copies and zero-pads) a loaded buffer shorter than its value count
   * needs; such a buffer then lies outside every mapping, which is how a damaged length shows.
   */
  public void requireMapped(int batch, String column, ArrowBuf buffer, long neededBytes) throws TableFormatException {
    if (neededBytes == 0) return;
    long start = buffer.memoryAddress();
    for (MappedByteBuffer m : mappings) {
      long base = MemoryUtil.getByteBufferAddress(m);
      if (start >= base && start + neededBytes <= base + m.capacity()) return;
    }
    throw new TableFormatException(file, "record batch " + batch + " column '" + column
        + "' has a buffer shorter than the " + neededBytes + " bytes its values need (damaged lengths)");
  }

  /** Gives every mapping of the file {@code advice}; true if the kernel took it for all. */
  public boolean advise(PageAdvice.Advice advice) {
    boolean all = true;
    for (MappedByteBuffer m : mappings) all &= PageAdvice.advise(m, advice);
    return all;
  }

  /** Number of memory mappings (for tests and diagnostics). */
  public int mappingCount() {
    return mappings.length;
  }

  /** Releases the vectors and the allocator; the mapping itself goes with this object. */
  @Override
  public void close() {
    batches.forEach(VectorSchemaRoot::close);
    allocator.close();
  }

  private static void closeQuietly(BufferAllocator allocator, Exception primary) {
    try {
      allocator.close();
    } catch (RuntimeException e) {
      primary.addSuppressed(e);
    }
  }

  /** A mapped region as Arrow memory; nothing to free: the mapping belongs to the MappedByteBuffer. */
  private static final class MappedRegion extends ForeignAllocation {
    MappedRegion(MappedByteBuffer mapping) {
      super(mapping.capacity(), MemoryUtil.getByteBufferAddress(mapping));
    }

    @Override
    protected void release0() {}
  }
}
