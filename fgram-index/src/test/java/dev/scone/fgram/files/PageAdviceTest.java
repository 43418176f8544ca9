package dev.scone.fgram.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.apache.arrow.memory.util.MemoryUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageAdviceTest {
  @TempDir Path dir;

  @Test
  void linuxTakesEveryAdviceOnAMappingAndTheBytesStayTheSame() throws IOException {
    assertEquals(Platform.isLinux(), PageAdvice.available());
    assumeTrue(PageAdvice.available(), "madvise is Linux's");
    byte[] bytes = new byte[3 * 4096 + 100];
    new Random(7).nextBytes(bytes);
    Path file = dir.resolve("f.bin");
    Files.write(file, bytes);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, bytes.length);
      for (PageAdvice.Advice advice : PageAdvice.Advice.values()) {
        assertEquals(true, PageAdvice.advise(mapping, advice), advice.name());
      }
      long base = MemoryUtil.getByteBufferAddress(mapping);
      // a range inside a page is widened to whole pages: what a row's prefetch asks for
      assertEquals(true, PageAdvice.advise(base + 5000, 512, PageAdvice.Advice.WILLNEED));
      assertFalse(PageAdvice.advise(base, 0, PageAdvice.Advice.WILLNEED), "an empty range is not advice");
      byte[] read = new byte[bytes.length];
      mapping.get(read);
      assertArrayEquals(bytes, read);
    }
  }
}
