package dev.scone.fgram.table;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The argument checks every {@link EmbeddingLookup#gather} makes before writing anything. */
final class GatherArgs {
  private GatherArgs() {}

  static void check(int[] rowIds, int count, ByteBuffer dst, int rows, int dim) {
    if (count < 0 || count > rowIds.length) {
      throw new IllegalArgumentException(
          "count " + count + " outside [0, " + rowIds.length + "] (the id array's length)");
    }
    if (!dst.isDirect() || dst.isReadOnly()) {
      throw new IllegalArgumentException("destination must be a direct, writable ByteBuffer");
    }
    if (dst.order() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalArgumentException(
          "destination must be in LITTLE_ENDIAN order (rows are little-endian float32); "
              + "call order(ByteOrder.LITTLE_ENDIAN)");
    }
    long needed = (long) count * dim * Float.BYTES;
    if (dst.remaining() < needed) {
      throw new IllegalArgumentException(
          "destination has " + dst.remaining() + " bytes remaining; " + count + " rows x " + dim
              + " float32 need " + needed);
    }
    for (int i = 0; i < count; i++) checkRow(rowIds[i], rows);
  }

  static void checkRow(int rowId, int rows) {
    if (rowId < 0 || rowId >= rows) {
      throw new IndexOutOfBoundsException(
          "row id " + rowId + " outside [0, " + rows + ") (table has " + rows + " rows)");
    }
  }
}
