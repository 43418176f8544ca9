package dev.scone.fgram.arrow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.flatbuf.Footer;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.MetadataVersion;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The structure of an Arrow IPC file, read and checked from an open channel without reading any
 * record batch body: the magic at both ends, the footer, the schema (the footer's copy must equal
 * the one at the start of the stream, which catches most damaged metadata bytes), and each record
 * batch's message, whose block must lie inside the file, in order, without overlap.
 *
 * <p>File layout (little-endian): {@code "ARROW1\0\0"}, schema message, batch messages (each:
 * {@code 0xFFFFFFFF}, int32 length, flatbuffer {@code Message}, padding, body), end-of-stream,
 * footer flatbuffer, int32 footer length, {@code "ARROW1"}.
 */
public final class ArrowFileLayout {
  /** A record batch: where it is, and its parsed message (header only, no body). */
  public record Batch(ArrowBlock block, Message message) {}

  private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
  private static final int TAIL = 4 + 6; // footer length + magic
  private static final int MAX_FOOTER_BYTES = 64 << 20;
  private static final int CONTINUATION = 0xFFFFFFFF;

  final Schema schema;
  public final List<Batch> batches;

  private ArrowFileLayout(Schema schema, List<Batch> batches) {
    this.schema = schema;
    this.batches = batches;
  }

  public static ArrowFileLayout read(Path file, FileChannel channel) throws IOException {
    long size = channel.size();
    if (size == 0) throw new TableFormatException(file, "empty file (0 bytes); expected an Arrow IPC file");
    if (size < 8 + TAIL) {
      throw new TableFormatException(
          file, "too short for an Arrow IPC file (expected at least 18 bytes, found " + size + ")");
    }
    byte[] head = bytes(readAt(file, channel, 0, MAGIC.length));
    if (!Arrays.equals(head, MAGIC)) {
      throw new TableFormatException(file, "not an Arrow IPC file (expected magic ARROW1 at offset 0, found '"
          + new String(head, StandardCharsets.ISO_8859_1).replaceAll("\\p{Cntrl}", "?") + "')");
    }
    ByteBuffer tail = readAt(file, channel, size - TAIL, TAIL);
    if (!Arrays.equals(bytes(tail.slice(4, MAGIC.length)), MAGIC)) {
      throw new TableFormatException(
          file, "does not end with the Arrow magic ARROW1: truncated or damaged (" + size + " bytes)");
    }
    long footerLength = tail.getInt(0);
    long footerStart = size - TAIL - footerLength;
    if (footerLength <= 0 || footerLength > MAX_FOOTER_BYTES || footerStart < 8) {
      throw new TableFormatException(
          file, "footer length " + footerLength + " does not fit a file of " + size + " bytes");
    }
    try {
      ByteBuffer footerBytes = readAt(file, channel, footerStart, (int) footerLength);
      ArrowFooter footer = new ArrowFooter(Footer.getRootAsFooter(footerBytes));
      Schema schema = footer.getSchema();
      long schemaEnd = checkStreamSchema(file, channel, schema, footerStart);
      if (!footer.getDictionaries().isEmpty()) {
        throw new TableFormatException(file, "has dictionary batches; the scone formats have none");
      }
      return new ArrowFileLayout(schema, readBatches(file, channel, footer.getRecordBatches(), schemaEnd, footerStart));
    } catch (RuntimeException e) {
      throw new TableFormatException(file, "damaged Arrow metadata (" + e + ")", e);
    }
  }

  /** Reads the schema message at offset 8 and requires it to equal the footer's; returns its end. */
  private static long checkStreamSchema(Path file, FileChannel channel, Schema footerSchema, long limit)
      throws IOException {
    Message message = readMessage(file, channel, 8, limit, "schema message");
    if (message.headerType() != MessageHeader.Schema) {
      throw new TableFormatException(
          file, "expected a schema message at offset 8, found message type " + message.headerType());
    }
    Schema streamSchema = MessageSerializer.deserializeSchema(message);
    if (!streamSchema.equals(footerSchema)) {
      throw new TableFormatException(
          file, "the schema at the start of the file and the footer's copy differ (damaged metadata)");
    }
    int length = readAt(file, channel, 12, 4).getInt(0);
    return 8 + 8 + (long) length;
  }

  private static List<Batch> readBatches(
      Path file, FileChannel channel, List<ArrowBlock> blocks, long start, long footerStart) throws IOException {
    List<Batch> out = new ArrayList<>(blocks.size());
    long previousEnd = start;
    for (int i = 0; i < blocks.size(); i++) {
      ArrowBlock b = blocks.get(i);
      long end = b.getOffset() + b.getMetadataLength() + b.getBodyLength();
      if (b.getOffset() < previousEnd || b.getOffset() % 8 != 0 || b.getMetadataLength() < 8
          || b.getBodyLength() < 0 || end > footerStart || end < b.getOffset()) {
        throw new TableFormatException(file, "record batch " + i + " has an impossible block (offset " + b.getOffset()
            + ", metadata " + b.getMetadataLength() + ", body " + b.getBodyLength()
            + " bytes) in a file whose batches lie in ["
            + previousEnd + ", " + footerStart + ")");
      }
      Message m = readMessage(file, channel, b.getOffset(), b.getOffset() + b.getMetadataLength(), "record batch " + i);
      int declared = readAt(file, channel, b.getOffset() + 4, 4).getInt(0);
      if (8L + declared != b.getMetadataLength()) {
        throw new TableFormatException(file, "record batch " + i + " metadata is " + (8L + declared)
            + " bytes but the footer says " + b.getMetadataLength() + " (damaged footer or message)");
      }
      if (m.headerType() != MessageHeader.RecordBatch || m.bodyLength() != b.getBodyLength()) {
        throw new TableFormatException(file, "record batch " + i + " at offset " + b.getOffset()
            + " does not hold a record batch of " + b.getBodyLength() + " body bytes (found message type "
            + m.headerType() + ", body " + m.bodyLength() + ")");
      }
      if (m.version() != MetadataVersion.V5.toFlatbufID() && m.version() != MetadataVersion.V4.toFlatbufID()) {
        throw new TableFormatException(
            file, "record batch " + i + " has metadata version " + m.version() + " (expected V4 or V5)");
      }
      out.add(new Batch(b, m));
      previousEnd = end;
    }
    return out;
  }

  /** An encapsulated message at {@code offset}: continuation, int32 length, flatbuffer, all before {@code limit}. */
  private static Message readMessage(Path file, FileChannel channel, long offset, long limit, String what)
      throws IOException {
    ByteBuffer prefix = readAt(file, channel, offset, 8);
    int length = prefix.getInt(4);
    if (prefix.getInt(0) != CONTINUATION || length <= 0 || offset + 8 + length > limit) {
      throw new TableFormatException(file, what + " at offset " + offset + " has a bad prefix (continuation "
          + Integer.toHexString(prefix.getInt(0)) + ", length " + length + ", room " + (limit - offset - 8)
          + " bytes)");
    }
    return Message.getRootAsMessage(readAt(file, channel, offset + 8, length));
  }

  /** Exactly {@code length} bytes at {@code position}, little-endian, on the heap. */
  private static ByteBuffer readAt(Path file, FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new TableFormatException(file, "ends at " + (position + buffer.position()) + " bytes while reading "
            + length + " bytes at offset " + position + " (truncated)");
      }
    }
    return buffer.flip();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
