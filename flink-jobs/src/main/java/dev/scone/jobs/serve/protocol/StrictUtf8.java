package dev.scone.jobs.serve.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 strictly: malformed input (bad continuation bytes, overlong forms, encoded
 * surrogates, truncated sequences) is refused, never replaced by U+FFFD as {@code new String}
 * and Jackson's own decoding do. Thread-safe (a decoder per call).
 */
public final class StrictUtf8 {
  private StrictUtf8() {}

  /**
   * @throws CharacterCodingException with the byte offset of the first bad sequence
   */
  public static String decode(byte[] bytes) throws CharacterCodingException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    return decoder.decode(ByteBuffer.wrap(bytes)).toString();
  }

  /** The offset of the first byte the strict decoder refuses, or -1 when all are valid. */
  public static int firstBadByte(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    java.nio.charset.CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) return in.position();
    r = decoder.flush(out);
    return r.isError() ? in.position() : -1;
  }
}
