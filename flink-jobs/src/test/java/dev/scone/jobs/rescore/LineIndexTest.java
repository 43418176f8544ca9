package dev.scone.jobs.rescore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineIndexTest {
  @TempDir Path dir;

  @Test
  void everyLineOfEveryFileIsFoundInOrderAgainstASplitReference() throws Exception {
    Random random = new Random(3);
    for (int trial = 0; trial < 20; trial++) {
      List<Path> files = new ArrayList<>();
      List<String> expected = new ArrayList<>(); // "file:line:content" of every line, by brute-force split
      for (int f = 0; f < 1 + random.nextInt(4); f++) {
        byte[] bytes = randomFile(random);
        Path file = Files.write(dir.resolve("t" + trial + "-" + f + ".jsonl"), bytes);
        files.add(file);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (text.isEmpty() || text.endsWith("\n")) lines.remove(lines.size() - 1); // no line after a final newline
        for (int l = 0; l < lines.size(); l++) expected.add(file.getFileName() + ":" + (l + 1) + ":" + lines.get(l));
      }
      JsonlLines source = new JsonlLines(files);
      source.open(null);
      List<String> found = new ArrayList<>();
      for (long i = 0; i < LineIndex.of(files).lines(); i++) {
        RawRecord r = source.map(i);
        found.add(r.origin + ":" + new String(r.value, java.nio.charset.StandardCharsets.ISO_8859_1));
      }
      source.close();
      assertEquals(expected, found, "trial " + trial);
    }
  }

  /** Empty, newline-only, with or without a final newline, with \r and long lines. */
  private static byte[] randomFile(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int lines = random.nextInt(6);
    byte[] alphabet = "ab{}\"\r \n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    for (int i = 0; i < lines * 20; i++) out.write(alphabet[random.nextInt(alphabet.length)]);
    if (random.nextBoolean()) out.write('\n');
    return out.toByteArray();
  }
}
