package dev.scone.fgram.arrow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BufferLayout;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Checks a record batch's declared shape against its buffers before Arrow loads it. Arrow's
 * loader trusts value counts: a count larger than its buffer makes it reallocate (copy, zero-pad,
 * possibly gigabytes for a damaged count) instead of failing. So every count is checked here
 * against the bytes actually present: no nulls, 8-byte aligned non-overlapping buffers, each
 * offset or data buffer long enough for its values, fixed-size-list children of exactly {@code
 * length * listSize} values, list children long enough for the last offset.
 *
 * <p>Handles the types the scone formats use (Int, FloatingPoint, List, FixedSizeList); the
 * schema check has refused any other type before a batch is loaded.
 */
final class RecordBatchCheck {
  private final Path file;
  private final int index;
  private final List<ArrowFieldNode> nodes;
  private final List<ArrowBuf> buffers;
  private int nextNode;
  private int nextBuffer;

  private RecordBatchCheck(Path file, int index, ArrowRecordBatch records) {
    this.file = file;
    this.index = index;
    this.nodes = records.getNodes();
    this.buffers = records.getBuffers();
  }

  static void check(Path file, int index, Schema schema, ArrowRecordBatch records, long bodyAddress)
      throws TableFormatException {
    RecordBatchCheck c = new RecordBatchCheck(file, index, records);
    c.checkBuffersApart(bodyAddress);
    for (Field f : schema.getFields()) {
      long length = c.field(f);
      if (length != records.getLength()) {
        throw c.damaged(
            "column '" + f.getName() + "' has " + length + " values in a batch of " + records.getLength() + " rows");
      }
    }
    if (c.nextNode != c.nodes.size() || c.nextBuffer != c.buffers.size()) {
      throw c.damaged("has " + c.nodes.size() + " nodes and " + c.buffers.size() + " buffers; the schema needs "
          + c.nextNode + " and " + c.nextBuffer);
    }
  }

  /** Checks one field's node and buffers, then its children's; returns its value count. */
  private long field(Field f) throws TableFormatException {
    if (nextNode >= nodes.size()) throw damaged("has too few nodes for its schema");
    ArrowFieldNode node = nodes.get(nextNode++);
    long n = node.getLength();
    if (n < 0 || node.getNullCount() != 0) {
      throw damaged("column '" + f.getName() + "' declares " + node.getNullCount() + " nulls in " + n
          + " values; the scone formats have no nulls");
    }
    ArrowBuf offsets = null;
    for (BufferLayout layout : TypeLayout.getTypeLayout(f.getType()).getBufferLayouts()) {
      if (nextBuffer >= buffers.size()) throw damaged("has too few buffers for its schema");
      ArrowBuf b = buffers.get(nextBuffer++);
      long width = layout.getTypeBitWidth();
      long needed = 0;
      if (layout.getType() == BufferLayout.BufferType.OFFSET && n > 0) needed = (n + 1) * width / 8;
      if (layout.getType() == BufferLayout.BufferType.DATA) needed = (n * width + 7) / 8;
      if (b.capacity() < needed) {
        throw damaged("column '" + f.getName() + "' has a " + layout.getType() + " buffer of " + b.capacity()
            + " bytes; its " + n + " values need " + needed);
      }
      if (layout.getType() == BufferLayout.BufferType.OFFSET) offsets = b;
    }
    for (Field child : f.getChildren()) checkChild(f, n, offsets, child);
    return n;
  }

  private void checkChild(Field parent, long n, ArrowBuf offsets, Field child) throws TableFormatException {
    long childLength = field(child);
    ArrowType t = parent.getType();
    if (t instanceof ArrowType.FixedSizeList) {
      long expected = n * ((ArrowType.FixedSizeList) t).getListSize();
      if (childLength != expected) {
        throw damaged("column '" + parent.getName() + "' holds " + childLength + " values for " + n + " lists of "
            + ((ArrowType.FixedSizeList) t).getListSize() + " (expected " + expected + ")");
      }
    } else if (offsets != null && n > 0) {
      int last = offsets.getInt(n * Integer.BYTES);
      if (last < 0 || last > childLength) {
        throw damaged("column '" + parent.getName() + "' ends at offset " + last + " of " + childLength + " values");
      }
    }
  }

  /** Writers lay buffers out one after another, 8-byte aligned; overlap means a damaged offset. */
  private void checkBuffersApart(long bodyAddress) throws TableFormatException {
    List<ArrowBuf> sorted = new ArrayList<>();
    for (ArrowBuf b : buffers) {
      if (b.capacity() < 0 || (b.memoryAddress() - bodyAddress) % 8 != 0) {
        throw damaged("has a buffer at body offset " + (b.memoryAddress() - bodyAddress) + " of length " + b.capacity()
            + " (expected 8-byte aligned, length >= 0)");
      }
      if (b.capacity() > 0) sorted.add(b);
    }
    sorted.sort(Comparator.comparingLong(ArrowBuf::memoryAddress));
    for (int k = 1; k < sorted.size(); k++) {
      ArrowBuf prev = sorted.get(k - 1);
      if (prev.memoryAddress() + prev.capacity() > sorted.get(k).memoryAddress()) {
        throw damaged("has overlapping buffers");
      }
    }
  }

  private TableFormatException damaged(String problem) {
    return new TableFormatException(file, "record batch " + index + " " + problem + " (damaged metadata)");
  }
}
