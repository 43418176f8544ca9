package dev.scone.fgram.counting;

import dev.scone.fgram.ngram.NgramPacker;
import dev.scone.fgram.ngram.PackedKeyIndex;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Byte form of a {@link SpaceSavingSummary}, big-endian:
 * <pre>
 *   int  magic 0x53434E53 ("SCNS")     int  format version (1)
 *   int  vocabSize   int maxN   int capacity m   int size
 *   long totalWeight N          long errorBound
 *   size x (long lo, long hi, long count, long error)
 *   int  CRC-32 of all bytes before it
 * </pre>
 * Decoding checks the checksum and every invariant the guarantees rest on (keys valid and
 * distinct, {@code error <= bound <= count}, counts summing to at most {@code N}), so a corrupt or
 * hand-edited state is refused instead of silently weakening the bounds.
 */
final class SpaceSavingCodec {
  static final int MAGIC = 0x53434E53;
  static final int VERSION = 1;
  private static final int HEADER = 4 * 6 + 8 * 2;
  private static final int PER_COUNTER = 8 * 4;

  private SpaceSavingCodec() {}

  static byte[] encode(SpaceSavingSummary s) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER + PER_COUNTER * s.size + 4);
    buf.putInt(MAGIC).putInt(VERSION).putInt(s.vocabSize()).putInt(s.maxN()).putInt(s.capacity).putInt(s.size);
    buf.putLong(s.totalWeight).putLong(s.floor);
    for (int i = 0; i < s.size; i++) {
      buf.putLong(s.keyLo[i]).putLong(s.keyHi[i]).putLong(s.counts[i]).putLong(s.errors[i]);
    }
    buf.putInt(crc(buf.array(), buf.position()));
    return buf.array();
  }

  static SpaceSavingSummary decode(byte[] bytes) {
    ByteBuffer buf = checkFraming(bytes);
    int vocabSize = buf.getInt();
    int maxN = buf.getInt();
    int capacity = buf.getInt();
    int size = buf.getInt();
    SpaceSavingSummary s;
    try {
      s = new SpaceSavingSummary(vocabSize, maxN, capacity);
    } catch (IllegalArgumentException e) {
      throw invalid("bad shape: " + e.getMessage());
    }
    long total = buf.getLong();
    long floor = buf.getLong();
    long[] lo = new long[capacity];
    long[] hi = new long[capacity];
    long[] cnt = new long[capacity];
    long[] err = new long[capacity];
    for (int i = 0; i < size; i++) {
      lo[i] = buf.getLong();
      hi[i] = buf.getLong();
      cnt[i] = buf.getLong();
      err[i] = buf.getLong();
    }
    checkInvariants(s.packer, vocabSize, capacity, size, total, floor, lo, hi, cnt, err);
    s.totalWeight = total;
    s.floor = floor;
    s.reset(lo, hi, cnt, err, size);
    return s;
  }

  /**
   * Checks magic, version, that the length matches the counter count and the checksum; returns
   * a buffer positioned at vocabSize.
   */
  private static ByteBuffer checkFraming(byte[] bytes) {
    if (bytes == null || bytes.length < HEADER + 4) {
      throw invalid("expected at least " + (HEADER + 4) + " bytes, found " + (bytes == null ? "null" : bytes.length));
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int magic = buf.getInt();
    if (magic != MAGIC) throw invalid(String.format("expected magic 0x%08X, found 0x%08X", MAGIC, magic));
    int version = buf.getInt();
    if (version != VERSION) throw invalid("expected format version " + VERSION + ", found " + version);
    int capacity = buf.getInt(16);
    int size = buf.getInt(20);
    if (capacity < 1 || size < 0 || size > capacity) {
      throw invalid("expected 0 <= size <= capacity and capacity >= 1, found size " + size + ", capacity " + capacity);
    }
    long expectedLength = HEADER + (long) PER_COUNTER * size + 4;
    if (bytes.length != expectedLength) {
      throw invalid("expected " + expectedLength + " bytes for " + size + " counters, found " + bytes.length);
    }
    int storedCrc = buf.getInt(bytes.length - 4);
    int actualCrc = crc(bytes, bytes.length - 4);
    if (storedCrc != actualCrc) {
      throw invalid(String.format("checksum mismatch: stored 0x%08X, computed 0x%08X", storedCrc, actualCrc));
    }
    return buf;
  }

  private static void checkInvariants(
      NgramPacker packer, int vocabSize, int capacity, int size, long total, long floor,
      long[] lo, long[] hi, long[] cnt, long[] err) {
    if (total < 0 || floor < 0) throw invalid("expected non-negative totals, found N=" + total + ", bound=" + floor);
    if (size < capacity && floor != 0) {
      throw invalid("a summary with unused counters has error bound 0, found " + floor);
    }
    PackedKeyIndex seen = new PackedKeyIndex(capacity);
    long sum = 0;
    for (int i = 0; i < size; i++) {
      checkKey(packer, vocabSize, i, lo[i], hi[i]);
      if (seen.get(lo[i], hi[i]) >= 0) throw invalid("counter " + i + " repeats counter " + seen.get(lo[i], hi[i]));
      seen.put(lo[i], hi[i], i);
      if (err[i] < 0 || err[i] > floor || cnt[i] < floor || cnt[i] < 1) {
        throw invalid("counter " + i + " expected 0 <= error <= bound <= count and count >= 1, found error "
            + err[i] + ", bound " + floor + ", count " + cnt[i]);
      }
      sum += cnt[i];
      if (sum < 0) throw invalid("counts overflow");
    }
    // With unused counters valued at the bound, all m counters sum to at most N.
    long unused = (long) (capacity - size) * floor;
    if (sum > total || unused > total - sum) {
      throw invalid("counts sum to " + sum + " (+" + unused + " for unused counters), more than N=" + total);
    }
  }

  private static void checkKey(NgramPacker packer, int vocabSize, int i, long lo, long hi) {
    int n = lo == 0 ? 0 : packer.length(lo, hi);
    if (n < 1 || n > packer.maxN()) throw invalid("counter " + i + " has an n-gram of length " + n + ", expected 1.." + packer.maxN());
    int[] tokens = packer.unpack(lo, hi);
    for (int t : tokens) {
      if (t < 0 || t >= vocabSize) throw invalid("counter " + i + " has token " + t + " outside [0, " + vocabSize + ")");
    }
    if (packer.lo(tokens, 0, n) != lo || packer.hi(tokens, 0, n) != hi) {
      throw invalid("counter " + i + " has stray bits beyond its " + n + " tokens " + Arrays.toString(tokens));
    }
  }

  private static int crc(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  private static IllegalArgumentException invalid(String what) {
    return new IllegalArgumentException("not a valid Space-Saving summary (format " + VERSION + "): " + what);
  }
}
