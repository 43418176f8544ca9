package dev.scone.training.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentLayoutTest {

  @TempDir Path packageRoot;

  private void write(String name, String text) throws IOException {
    Path data = Files.createDirectories(packageRoot.resolve("data"));
    Files.writeString(data.resolve(name), text, StandardCharsets.UTF_8);
  }

  @Test
  void mobyDickChaptersComeInNumericOrderThenEpilogue() throws IOException {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      numbers.add(i);
    }
    Collections.shuffle(numbers, new Random(2)); // file system order must not matter
    for (int n : numbers) {
      write("chapter_" + n + ".txt", "CHAPTER " + n + ".\r\n\r\nText " + n + ".\r\n");
    }
    write("epilogue.txt", "The end.\n");
    write("contents.txt", "CONTENTS\n");
    write("data.txt", "whole book\n");
    List<Document> docs = new MobyDickLayout().read(packageRoot);
    assertEquals(13, docs.size());
    for (int i = 0; i < 12; i++) {
      assertEquals("chapter_" + (i + 1), docs.get(i).id());
      assertEquals("CHAPTER " + (i + 1) + ".\n\nText " + (i + 1) + ".\n", docs.get(i).text());
    }
    assertEquals("epilogue", docs.get(12).id());
  }

  @Test
  void mobyDickRefusesAMissingChapter() throws IOException {
    write("chapter_1.txt", "one");
    write("chapter_3.txt", "three");
    write("epilogue.txt", "end");
    IOException e = assertThrows(IOException.class, () -> new MobyDickLayout().read(packageRoot));
    assertTrue(e.getMessage().contains("without gaps, found [1, 3]"), e.getMessage());
  }

  @Test
  void sotuAddressesAreOrderedByYearAndCarryIt() throws IOException {
    write("1953_harry_s_truman_d.txt", "b");
    write("1790_george_washington_n.txt", "a\rb");
    write("2021_joseph_r_biden_d.txt", "c");
    write("1953_dwight_d_eisenhower_r.txt", "d");
    write("1790_george_washington_n.json", "{}");
    List<Document> docs = new SotuLayout().read(packageRoot);
    assertEquals(List.of("1790_george_washington_n", "1953_dwight_d_eisenhower_r",
        "1953_harry_s_truman_d", "2021_joseph_r_biden_d"), docs.stream().map(Document::id).toList());
    assertEquals("a\nb", docs.get(0).text());
    SotuAddress first = SotuAddress.of(docs.get(0));
    assertEquals(1790, first.year());
    assertEquals("george_washington", first.president());
    assertEquals("n", first.party());
    assertEquals(2021, SotuAddress.of(docs.get(3)).year());
  }

  @Test
  void sotuRefusesAFileNotNamedByYear() throws IOException {
    write("1790_george_washington_n.txt", "a");
    write("README.txt", "b");
    IOException e = assertThrows(IOException.class, () -> new SotuLayout().read(packageRoot));
    assertTrue(e.getMessage().contains("README.txt"), e.getMessage());
    assertTrue(e.getMessage().contains("expected YEAR_president_party"), e.getMessage());
  }

  @Test
  void invalidUtf8IsRefusedNamingTheFile() throws IOException {
    Path data = Files.createDirectories(packageRoot.resolve("data"));
    Files.write(data.resolve("1790_george_washington_n.txt"), new byte[] {'a', (byte) 0xC3, '('});
    IOException e = assertThrows(IOException.class, () -> new SotuLayout().read(packageRoot));
    assertTrue(e.getMessage().contains("1790_george_washington_n.txt: not UTF-8 text (malformed byte sequence at byte 1)"), e.getMessage());
  }

  @Test
  void wordCountMatchesSplitOnWhitespace() {
    Random random = new Random(9);
    String alphabet = "ab \n\t\u00e9.";
    for (int trial = 0; trial < 500; trial++) {
      StringBuilder sb = new StringBuilder();
      for (int i = random.nextInt(40); i > 0; i--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = sb.toString();
      long reference = List.of(text.split("\\s+")).stream().filter(w -> !w.isEmpty()).count();
      assertEquals(reference, new Document("d", text).wordCount(), '"' + text + '"');
    }
  }
}
