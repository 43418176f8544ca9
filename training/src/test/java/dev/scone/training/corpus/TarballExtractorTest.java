package dev.scone.training.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarballExtractorTest {

  @TempDir Path tmp;

  /**
   * Writes a .tar.gz holding the given entries; a null value makes a symbolic link to "/etc",
   * an empty array under a name ending in ".hardlink" a hard link to "/etc/passwd".
   */
  private Path tarball(Map<String, byte[]> entries) throws IOException {
    Path file = tmp.resolve("test.tgz");
    try (OutputStream out = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        TarArchiveEntry entry;
        if (e.getValue() == null) {
          entry = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_SYMLINK);
          entry.setLinkName("/etc");
        } else if (e.getKey().endsWith(".hardlink")) {
          entry = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_LINK);
          entry.setLinkName("/etc/passwd");
        } else {
          entry = new TarArchiveEntry(e.getKey());
          entry.setSize(e.getValue().length);
        }
        tar.putArchiveEntry(entry);
        if (e.getValue() != null) {
          tar.write(e.getValue());
        }
        tar.closeArchiveEntry();
      }
    }
    return file;
  }

  @Test
  void extractsRegularFilesByteForByte() throws IOException {
    Random random = new Random(1);
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      byte[] bytes = new byte[random.nextInt(5000)];
      random.nextBytes(bytes);
      entries.put("package/data/file_" + i + ".bin", bytes);
    }
    Path target = tmp.resolve("out");
    assertEquals(20, TarballExtractor.extract(tarball(entries), target));
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      assertArrayEquals(e.getValue(), Files.readAllBytes(target.resolve(e.getKey())), e.getKey());
    }
  }

  @Test
  void entryClimbingOutOfTargetIsRefusedAndNotWritten() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/ok.txt", "fine".getBytes(StandardCharsets.UTF_8));
    entries.put("package/../../evil.txt", "pwned".getBytes(StandardCharsets.UTF_8));
    Path target = tmp.resolve("nested").resolve("out");
    CorpusFetchException e = assertThrows(CorpusFetchException.class,
        () -> TarballExtractor.extract(tarball(entries), target));
    assertTrue(e.getMessage().contains("package/../../evil.txt"), e.getMessage());
    assertTrue(e.getMessage().contains("outside the extraction directory"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("evil.txt")));
    assertFalse(Files.exists(tmp.resolve("nested").resolve("evil.txt")));
  }

  @Test
  void symbolicLinkEntryIsRefused() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/data", null);
    CorpusFetchException e = assertThrows(CorpusFetchException.class,
        () -> TarballExtractor.extract(tarball(entries), tmp.resolve("out")));
    assertTrue(e.getMessage().contains("'package/data' is a link or special file"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("out").resolve("package").resolve("data")));
  }

  @Test
  void hardLinkEntryIsRefused() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/passwd.hardlink", new byte[0]);
    CorpusFetchException e = assertThrows(CorpusFetchException.class,
        () -> TarballExtractor.extract(tarball(entries), tmp.resolve("out")));
    assertTrue(e.getMessage().contains("link or special file"), e.getMessage());
  }
}
