package dev.scone.fgram.table;

import dev.scone.fgram.arrow.ColumnTypes;
import dev.scone.fgram.arrow.MappedArrowFile;
import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.files.PageAdvice;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The embedding table ({@code table.arrow}), memory-mapped zero-copy: opening reads metadata
 * only, and a gather is address arithmetic plus one memory copy per row (float32) or an
 * on-the-fly decode (float16, int8 times its row's scale). The OS page cache holds the rows;
 * nothing of the table is on the Java heap.
 *
 * <p>Opening refuses, with a {@link TableFormatException}, a file that is damaged (checksum from
 * the expectation or the {@code .sha256} sidecar, structure, schema copies that disagree), of
 * another format or format_version, with other column types, or that does not match the {@link
 * TableExpectation}. Without a checksum, damaged row values cannot be detected.
 *
 * <p>Thread-safe: any number of threads may gather concurrently. {@link #close()} releases the
 * Arrow buffers; later calls throw {@link IllegalStateException}. The OS mapping itself is
 * dropped when this object becomes unreachable, so a gather racing {@code close()} still reads
 * mapped memory, never freed memory.
 */
public final class EmbeddingTable implements EmbeddingLookup, AutoCloseable {
  private final Path file;
  private final EmbeddingTableMeta meta;
  private final MappedArrowFile mapped; // owns the mappings: must stay reachable while rows are read
  private final RowGatherer rowGatherer;
  private volatile boolean closed;

  private EmbeddingTable(Path file, EmbeddingTableMeta meta, MappedArrowFile mapped, RowGatherer rowGatherer) {
    this.file = file;
    this.meta = meta;
    this.mapped = mapped;
    this.rowGatherer = rowGatherer;
  }

  /** Opens {@code file}, checking its integrity (sidecar if present) and format only. */
  public static EmbeddingTable open(Path file) throws IOException {
    return open(file, TableExpectation.any());
  }

  /** Opens {@code file} and refuses it unless it is what {@code expectation} describes. */
  public static EmbeddingTable open(Path file, TableExpectation expectation) throws IOException {
    return open(file, expectation, MappedArrowFile.SEGMENT_BYTES);
  }

  /** As {@link #open(Path, TableExpectation)} with mappings of at most {@code segmentBytes} (for tests). */
  static EmbeddingTable open(Path file, TableExpectation expectation, long segmentBytes) throws IOException {
    if (!MemoryUtil.LITTLE_ENDIAN) {
      throw new UnsupportedOperationException("tables are read on little-endian machines only");
    }
    MappedArrowFile mapped = MappedArrowFile.open(file, expectation.fileSha256(), false, segmentBytes,
        schema -> checkSchema(file, schema, expectation));
    try {
      EmbeddingTableMeta meta = EmbeddingTableMeta.fromMetadata(file, mapped.schema.getCustomMetadata());
      return new EmbeddingTable(file, meta, mapped, RowGatherer.of(file, meta, mapped));
    } catch (IOException | RuntimeException e) {
      mapped.close();
      if (e instanceof IOException) throw (IOException) e;
      throw new TableFormatException(file, "cannot read the table (" + e + ")", e);
    }
  }

  private static void checkSchema(Path file, Schema schema, TableExpectation expectation) throws TableFormatException {
    EmbeddingTableMeta meta = EmbeddingTableMeta.fromMetadata(file, schema.getCustomMetadata());
    expectation.check(file, meta);
    ColumnTypes.require(file, schema, ColumnTypes.table(meta.dim(), meta.dtype()));
  }

  public Path file() {
    return file;
  }

  /** Everything the file's metadata says (version, vocab_sha256, model_version, ...). */
  public EmbeddingTableMeta metadata() {
    return meta;
  }

  @Override
  public int rows() {
    return meta.rows();
  }

  @Override
  public int dim() {
    return meta.dim();
  }

  public EmbeddingDtype dtype() {
    return meta.dtype();
  }

  @Override
  public void gather(int[] rowIds, int count, ByteBuffer directDst) {
    ensureOpen();
    GatherArgs.check(rowIds, count, directDst, meta.rows(), meta.dim());
    try {
      rowGatherer.gather(rowIds, count, MemoryUtil.getByteBufferAddress(directDst) + directDst.position());
    } finally {
      // Raw addresses are in use above: keep the mapping and the destination reachable until done.
      Reference.reachabilityFence(this);
      Reference.reachabilityFence(directDst);
    }
  }

  /**
   * Pages in the rows {@code rowIds[from, to)} (reads one byte per page they span) without copying
   * them: what {@link RowPrefetcher} runs on its threads so that many reads of a table that is not
   * in memory are in flight at once. Returns a checksum of the bytes read.
   */
  public long touch(int[] rowIds, int from, int to) {
    ensureOpen();
    long sum = 0;
    try {
      for (int i = from; i < to; i++) {
        GatherArgs.checkRow(rowIds[i], meta.rows());
        sum += rowGatherer.touch(rowIds[i]);
      }
      return sum;
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Gives the whole mapped table {@code advice} ({@link PageAdvice}): {@link
   * PageAdvice.Advice#RANDOM} makes a fault read its own page only, not 128 KiB around it. A hint:
   * values are the same; false where not Linux or refused.
   */
  public boolean advise(PageAdvice.Advice advice) {
    ensureOpen();
    try {
      return mapped.advise(advice);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /**
   * Asks the kernel to start reading the rows {@code rowIds[from, to)} (madvise WILLNEED) and
   * returns at once: the reads are in flight while the caller goes on, with no thread waiting on
   * each. Values are unaffected; a no-op where advice is not available.
   */
  public void willNeed(int[] rowIds, int from, int to) {
    ensureOpen();
    try {
      for (int i = from; i < to; i++) {
        GatherArgs.checkRow(rowIds[i], meta.rows());
        rowGatherer.willNeed(rowIds[i]);
      }
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  @Override
  public float[] row(int rowId) {
    ensureOpen();
    GatherArgs.checkRow(rowId, meta.rows());
    try {
      return rowGatherer.row(rowId);
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  private void ensureOpen() {
    if (closed) throw new IllegalStateException(file + ": table is closed");
  }

  /** Number of memory mappings backing the rows. */
  int mappingCount() {
    return mapped.mappingCount();
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    mapped.close();
  }

  @Override
  public String toString() {
    return "EmbeddingTable[" + file + ", " + meta.rows() + " x " + meta.dim() + " " + meta.dtype().label()
        + ", version " + meta.version() + "]";
  }
}
