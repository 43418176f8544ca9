package dev.scone.training.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads text files, the corpora's and those users name: strict UTF-8 (a malformed byte is an
 * error, never a replacement character), line endings normalized to {@code \n}. Every failure is
 * an {@link IOException} whose message starts with the file and says what is wrong with it in
 * words a user can act on: {@code no such file}, {@code is a directory, expected a text file},
 * {@code not UTF-8 text (malformed byte sequence at byte N)}. Stateless.
 */
public final class PlainText {

  private static final int CHUNK_BYTES = 1 << 16;

  private PlainText() {}

  /** The text of {@code file}, line endings normalized. */
  public static String read(Path file) throws IOException {
    StringBuilder text = new StringBuilder();
    decode(file, text);
    return Document.normalizeLineEndings(text.toString());
  }

  /** Fails as {@link #read} would, without keeping the text: for files another reader reads later. */
  public static void check(Path file) throws IOException {
    decode(file, null);
  }

  /** Decodes {@code file} chunk by chunk into {@code sink} (null: nowhere), counting bytes for the error. */
  private static void decode(Path file, StringBuilder sink) throws IOException {
    if (Files.isDirectory(file)) throw new IOException(file + ": is a directory, expected a text file");
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(CHUNK_BYTES);
    CharBuffer out = CharBuffer.allocate(CHUNK_BYTES);
    long consumed = 0; // bytes before in's position 0
    try (InputStream stream = Files.newInputStream(file)) {
      boolean end = false;
      while (!end) {
        int n = stream.read(in.array(), in.position(), in.remaining());
        end = n < 0;
        if (n > 0) in.position(in.position() + n);
        in.flip();
        CoderResult result;
        do {
          result = decoder.decode(in, out, end);
          if (result.isError()) throw notUtf8(file, consumed + in.position());
          drain(out, sink);
        } while (result.isOverflow());
        consumed += in.position();
        in.compact(); // an incomplete sequence at the chunk's end waits for the next chunk
      }
      while (decoder.flush(out).isOverflow()) drain(out, sink);
      drain(out, sink);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new IOException(file + ": cannot be read (permission denied)", e);
    }
  }

  private static void drain(CharBuffer out, StringBuilder sink) {
    out.flip();
    if (sink != null) sink.append(out);
    out.clear();
  }

  private static IOException notUtf8(Path file, long at) {
    return new IOException(file + ": not UTF-8 text (malformed byte sequence at byte " + at + ")");
  }

  /** Regular files directly in {@code dir} whose names end in {@code suffix}, in any order. */
  static List<Path> filesEndingWith(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": expected a directory of " + suffix + " files, found none");
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries
          .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix))
          .forEach(files::add);
    }
    return files;
  }

  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }
}
