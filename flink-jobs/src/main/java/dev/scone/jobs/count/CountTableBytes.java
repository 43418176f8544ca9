package dev.scone.jobs.count;

import dev.scone.fgram.ngram.NgramCountTable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A subtask's exact counts as checkpoint bytes: chunks of at most {@link #CHUNK_ENTRIES} entries,
 * each {@code [int format][int entries]} then {@code entries x (long lo, long hi, long count)}, i.e.
 * 24 bytes per distinct n-gram plus 8 per chunk. Restoring keeps only the entries the restoring
 * subtask owns ({@link CountPartitioner#of}), so the state can be read back at another parallelism
 * (it is union list state: every subtask sees every chunk). Stateless and thread-safe.
 */
final class CountTableBytes {
  static final int FORMAT = 1;
  /** 1 Mi entries: 24 MiB per chunk, so no single array nears the JVM's limits. */
  static final int CHUNK_ENTRIES = 1 << 20;
  private static final int ENTRY_BYTES = 3 * Long.BYTES;

  private CountTableBytes() {}

  /** Encodes every entry of {@code table}. */
  static List<byte[]> encode(NgramCountTable table) {
    List<byte[]> chunks = new ArrayList<>();
    int[] left = {table.size()};
    ByteBuffer[] current = {null};
    table.forEach((lo, hi, count) -> {
      if (current[0] == null || !current[0].hasRemaining()) {
        int n = Math.min(CHUNK_ENTRIES, left[0]);
        current[0] = ByteBuffer.allocate(8 + n * ENTRY_BYTES).putInt(FORMAT).putInt(n);
        chunks.add(current[0].array());
      }
      current[0].putLong(lo).putLong(hi).putLong(count);
      left[0]--;
    });
    return chunks;
  }

  /** Adds the entries of {@code chunk} that subtask {@code subtask} of {@code partitions} owns to {@code table}. */
  static void decodeInto(byte[] chunk, int subtask, int partitions, NgramCountTable table) {
    decodeInto(ByteBuffer.wrap(chunk), subtask, partitions, table, 0);
  }

  /**
   * As {@link #decodeInto(byte[], int, int, NgramCountTable)} from {@code in}'s position to its
   * limit, each count shifted right by {@code shift} bits (entries shifted to 0 are dropped).
   */
  static void decodeInto(ByteBuffer in, int subtask, int partitions, NgramCountTable table, int shift) {
    int bytes = in.remaining();
    int format = in.getInt();
    int n = in.getInt();
    if (format != FORMAT || bytes != 8 + (long) n * ENTRY_BYTES) {
      throw new IllegalStateException("checkpointed n-gram counts: expected format " + FORMAT + " with "
          + n + " entries in " + (8 + (long) n * ENTRY_BYTES) + " bytes, found format " + format + " in " + bytes + " bytes");
    }
    for (int i = 0; i < n; i++) {
      long lo = in.getLong();
      long hi = in.getLong();
      long count = shift >= Long.SIZE ? 0 : in.getLong() >> shift;
      if (shift >= Long.SIZE) in.getLong();
      if (count > 0 && CountPartitioner.of(lo, hi, partitions) == subtask) table.add(lo, hi, count);
    }
  }
}
