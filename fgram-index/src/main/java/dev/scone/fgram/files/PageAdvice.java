package dev.scone.fgram.files;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.MappedByteBuffer;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * {@code madvise(2)} on mapped files, which Java 17 cannot ask for itself, through JNA. Three
 * pieces of advice matter to a table or index larger than RAM:
 * <ul>
 *   <li>{@link Advice#RANDOM}: a page fault reads that page only. By default Linux reads around
 *       every fault in a file mapping (128 KiB here), so a random 512-byte row costs 32 pages of
 *       disk reads and of page cache;
 *   <li>{@link Advice#WILLNEED}: start reading these pages now, without waiting for them, so many
 *       reads are in flight at once without a thread blocked on each;
 *   <li>{@link Advice#HUGEPAGE}: map with 2 MiB pages, so that gigabytes of randomly probed index
 *       do not miss the TLB on every probe (at the price of 2 MiB reads when a fault goes to disk).
 * </ul>
 * Advice never changes what a read returns, only when the kernel reads from disk; where it is not
 * available (not Linux, no libc) or refused, the calls return false and reads go on as before.
 */
public final class PageAdvice {
  /** The advice values of Linux's {@code <sys/mman.h>}. */
  public enum Advice {
    NORMAL(0), RANDOM(1), SEQUENTIAL(2), WILLNEED(3),
    /** Map with 2 MiB pages where the file system's page cache allows (ext4 on Linux 6.16+ does). */
    HUGEPAGE(14),
    /** Map with 4 KiB pages only (to measure what 2 MiB ones are worth). */
    NOHUGEPAGE(15);

    final int value;

    Advice(int value) {
      this.value = value;
    }
  }

  private static final long PAGE = 4096;
  private static final LibC LIBC = load();

  private PageAdvice() {}

  /** libc's madvise; JNA binds it by name. */
  interface LibC extends com.sun.jna.Library {
    int madvise(Pointer address, long length, int advice);
  }

  private static LibC load() {
    if (!Platform.isLinux()) return null;
    try {
      return Native.load("c", LibC.class);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
  }

  /** Whether advice can be given on this machine at all. */
  public static boolean available() {
    return LIBC != null;
  }

  /**
   * Advises the pages spanning {@code [address, address + length)} of a mapping (widened to whole
   * pages); true if the kernel took it. The range must lie inside a live mapping.
   */
  public static boolean advise(long address, long length, Advice advice) {
    if (LIBC == null || length <= 0) return false;
    long start = address & -PAGE;
    long end = (address + length + PAGE - 1) & -PAGE;
    return LIBC.madvise(new Pointer(start), end - start, advice.value) == 0;
  }

  /** Advises the whole of {@code mapping}; true if the kernel took it. */
  public static boolean advise(MappedByteBuffer mapping, Advice advice) {
    return advise(MemoryUtil.getByteBufferAddress(mapping), mapping.capacity(), advice);
  }
}
