package dev.scone.fgram.match;

import dev.scone.fgram.files.PageAdvice;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * The matcher's longs (filter words and table entries) outside the Java heap, addressed by a
 * {@code long} index, so the index is limited by memory or disk, not by the 2^31 elements of a
 * {@code long[]}.
 *
 * <p>Either one block of native memory (a matcher built at load) or a file mapped in segments of
 * {@code 2^segmentShift} longs (Java 17 maps at most 2 GiB at a time). Each segment's mapping
 * reaches {@link #OVERLAP_LONGS} longs into the next, so an entry of up to that many longs that
 * starts in a segment is read whole from that segment's mapping: the hot loop computes one base
 * address per entry, never splits one. Overlapping mappings of one file share its pages.
 *
 * <p>Reads are unchecked native reads ({@link MemoryUtil}): callers index only inside the layout
 * they were built with, which the index file's header fixes and its checksum protects.
 *
 * <p>The native block is freed, and the mappings are released, when this object becomes
 * unreachable (a mapping must stay strongly reachable while addresses taken from it are used: an
 * unmapped page would be reused and read back as someone else's bytes). Reads are thread-safe;
 * writes happen only while an index is being built, on one thread.
 */
final class SlotMemory {
  /** 2^27 longs = 1 GiB per mapped segment. */
  static final int DEFAULT_SEGMENT_SHIFT = 27;
  /** The widest entry (3 longs) plus slack. */
  static final int OVERLAP_LONGS = 4;
  private static final Cleaner CLEANER = Cleaner.create();

  final long longs;
  private final int segmentShift;
  private final long segmentMask;
  private final long[] bases;
  @SuppressWarnings("unused") // keeps the mappings alive, see the class comment
  private final MappedByteBuffer[] mappings;
  @SuppressWarnings("unused") // a window keeps the block it views (and so its memory) alive
  private SlotMemory owner;

  private SlotMemory(long longs, int segmentShift, long[] bases, MappedByteBuffer[] mappings) {
    this.longs = longs;
    this.segmentShift = segmentShift;
    this.segmentMask = (1L << segmentShift) - 1;
    this.bases = bases;
    this.mappings = mappings;
  }

  /** {@code longs} zeroed longs of native memory in one block, freed when this is collected. */
  static SlotMemory allocate(long longs) {
    long bytes = Math.max(8, 8 * longs);
    long address = MemoryUtil.allocateMemory(bytes);
    MemoryUtil.setMemory(address, bytes, (byte) 0);
    int shift = 62; // one block: every index is in segment 0
    SlotMemory memory = new SlotMemory(longs, shift, new long[] {address}, null);
    CLEANER.register(memory, () -> MemoryUtil.freeMemory(address));
    return memory;
  }

  /**
   * Native memory for the longs {@code [first, first + count)} of a larger layout only (indices
   * outside must not be touched), freed when this is collected: the writer of an index file builds
   * one region at a time in it, so it never holds the whole index.
   */
  static SlotMemory allocateWindow(long first, long count) {
    SlotMemory block = allocate(count);
    // address(i) = base + 8 i, so base = block start - 8 first puts index `first` at the block's start.
    SlotMemory window = new SlotMemory(first + count, 62, new long[] {block.bases[0] - 8 * first}, null);
    window.owner = block;
    return window;
  }

  /** Writes the longs {@code [first, first + count)} to {@code channel} at byte {@code position}. */
  void writeTo(FileChannel channel, long position, long first, long count) throws IOException {
    long done = 0;
    while (done < count) {
      int bytes = (int) (8 * Math.min(count - done, 1L << 26)); // 512 MiB at a time
      ByteBuffer view = MemoryUtil.directBuffer(address(first + done), bytes);
      while (view.hasRemaining()) channel.write(view, position + 8 * done + view.position());
      done += bytes / 8;
    }
  }

  /**
   * Maps {@code longs} longs of {@code channel} from byte {@code offset} (the file must already be
   * that long) in segments of {@code 2^segmentShift} longs; {@code writable} for building.
   */
  static SlotMemory map(FileChannel channel, long offset, long longs, int segmentShift, boolean writable)
      throws IOException {
    if (segmentShift < 3 || segmentShift > DEFAULT_SEGMENT_SHIFT) {
      throw new IllegalArgumentException("segment shift " + segmentShift + " outside [3, " + DEFAULT_SEGMENT_SHIFT + "]");
    }
    int segments = (int) Math.max(1, (longs + (1L << segmentShift) - 1) >>> segmentShift);
    long[] bases = new long[segments];
    MappedByteBuffer[] mappings = new MappedByteBuffer[segments];
    FileChannel.MapMode mode = writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
    for (int s = 0; s < segments; s++) {
      long first = (long) s << segmentShift;
      long count = Math.max(1, Math.min(longs - first, (1L << segmentShift) + OVERLAP_LONGS));
      mappings[s] = channel.map(mode, offset + 8 * first, 8 * count);
      bases[s] = MemoryUtil.getByteBufferAddress(mappings[s]);
    }
    return new SlotMemory(longs, segmentShift, bases, mappings);
  }

  /**
   * Gives the pages of the longs {@code [first, first + count)} {@code advice} where they are a
   * mapped file (native memory takes none); true if the kernel took it for every segment.
   */
  boolean advise(long first, long count, PageAdvice.Advice advice) {
    if (mappings == null || count <= 0) return false;
    boolean all = true;
    for (long at = first; at < first + count; ) {
      int s = (int) (at >>> segmentShift);
      long segmentEnd = Math.min(first + count, ((long) s + 1) << segmentShift);
      all &= PageAdvice.advise(address(at), 8 * (segmentEnd - at), advice);
      at = segmentEnd;
    }
    return all;
  }

  /** The long at {@code index}. */
  long get(long index) {
    return MemoryUtil.getLong(address(index));
  }

  void put(long index, long value) {
    MemoryUtil.putLong(address(index), value);
  }

  /**
   * The native address of long {@code index}; the {@link #OVERLAP_LONGS} - 1 longs after it are
   * at the following addresses.
   */
  long address(long index) {
    return bases[(int) (index >>> segmentShift)] + ((index & segmentMask) << 3);
  }

  /** Flushes a writable mapping's pages to the file (no-op for native memory). */
  void force() {
    if (mappings != null) for (MappedByteBuffer m : mappings) m.force();
  }
}
