package dev.scone.fgram.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedFileTest {
  @TempDir Path dir;

  @Test
  void commitPublishesTheBytesWithTheirShaAndSidecar() throws Exception {
    Path target = dir.resolve("a.bin");
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(51).nextBytes(data);
    String sha;
    try (StagedFile staged = StagedFile.create(target)) {
      for (int off = 0; off < data.length; off += 100_000) {
        ByteBuffer chunk = ByteBuffer.wrap(data, off, Math.min(100_000, data.length - off));
        while (chunk.hasRemaining()) staged.channel().write(chunk);
      }
      assertFalse(Files.exists(target), "nothing visible before the commit");
      sha = staged.commit();
    }
    assertEquals(FileSha256.of(target), sha);
    assertEquals(sha, FileSha256.readSidecar(target).orElseThrow());
    assertArrayEquals(data, Files.readAllBytes(target));
  }

  @Test
  void publishedFilesGetTheDirectorysUsualPermissions() throws Exception {
    Path plain = Files.createFile(dir.resolve("plain.bin"));
    Path target = dir.resolve("d.bin");
    try (StagedFile staged = StagedFile.create(target)) {
      staged.commit();
    }
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(FileSha256.sidecarOf(target)));
  }

  @Test
  void closingWithoutCommitLeavesTheDirectoryAsItWas() throws Exception {
    Path target = dir.resolve("b.bin");
    Files.writeString(target, "old");
    try (StagedFile staged = StagedFile.create(target)) {
      staged.channel().write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }
    assertEquals("old", Files.readString(target));
    try (var listing = Files.list(dir)) {
      assertEquals(1, listing.count());
    }
  }

  @Test
  void writesAfterCommitAreRefused() throws Exception {
    try (StagedFile staged = StagedFile.create(dir.resolve("c.bin"))) {
      staged.commit();
      assertThrows(java.io.IOException.class, () -> staged.channel().write(ByteBuffer.wrap(new byte[1])));
      assertThrows(IllegalStateException.class, staged::commit);
    }
  }
}
