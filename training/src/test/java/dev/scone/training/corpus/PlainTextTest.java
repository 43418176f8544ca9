package dev.scone.training.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Text files users name: strict UTF-8, and errors that say what is wrong with the file. */
class PlainTextTest {

  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static byte[] concat(byte[]... parts) {
    byte[] out = new byte[0];
    for (byte[] p : parts) {
      int at = out.length;
      out = Arrays.copyOf(out, at + p.length);
      System.arraycopy(p, 0, out, at, p.length);
    }
    return out;
  }

  private static byte[] letters(int n) {
    byte[] a = new byte[n];
    Arrays.fill(a, (byte) 'a');
    return a;
  }

  @Test
  void readsUtf8WithLineEndingsNormalizedAndACharacterAcrossTheReadChunks() throws IOException {
    // 65,535 ASCII bytes put the two bytes of the 'é' on both sides of the 64 KiB chunk boundary.
    String text = "a".repeat(65_535) + "é\r\nb\rc";
    Path file = write("ok.txt", text.getBytes(StandardCharsets.UTF_8));
    assertEquals("a".repeat(65_535) + "é\nb\nc", PlainText.read(file));
    PlainText.check(file);
  }

  @Test
  void aMalformedByteIsReportedWithItsOffsetAlsoPastTheFirstChunk() throws IOException {
    Path early = write("early.txt", new byte[] {'a', 'b', (byte) 0xC3, 0x28});
    Path late = write("late.txt", concat(letters(70_000), new byte[] {(byte) 0xFF, 'z'}));
    Path cut = write("cut.txt", new byte[] {'a', 'b', (byte) 0xC3});
    assertEquals(early + ": not UTF-8 text (malformed byte sequence at byte 2)",
        assertThrows(IOException.class, () -> PlainText.read(early)).getMessage());
    assertEquals(late + ": not UTF-8 text (malformed byte sequence at byte 70000)",
        assertThrows(IOException.class, () -> PlainText.check(late)).getMessage());
    assertEquals(cut + ": not UTF-8 text (malformed byte sequence at byte 2)",
        assertThrows(IOException.class, () -> PlainText.read(cut)).getMessage(), "a sequence the file cuts short");
  }

  @Test
  void aMissingFileAndADirectoryAreNamedAsSuch() {
    Path missing = dir.resolve("missing.txt");
    assertEquals(missing + ": no such file", assertThrows(IOException.class, () -> PlainText.read(missing)).getMessage());
    assertEquals(dir + ": is a directory, expected a text file",
        assertThrows(IOException.class, () -> PlainText.check(dir)).getMessage());
  }
}
