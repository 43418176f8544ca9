package dev.scone.training.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A directory of small generated English-like documents: repeated phrases, so n-grams repeat. */
final class TinyTexts {

  private static final String[] PHRASES = {
      "the people of the united states", "in the year of our lord", "the state of the union",
      "we must work together", "and the congress shall", "for the common good", "it is my duty to report",
      "a more perfect union", "peace and prosperity", "the great ship sailed on"};

  private TinyTexts() {}

  /** {@code documents} files of about {@code phrasesPerDocument} phrases each, seeded. */
  static Path write(Path dir, long seed, int documents, int phrasesPerDocument) throws IOException {
    Files.createDirectories(dir);
    Random random = new Random(seed);
    for (int d = 0; d < documents; d++) {
      StringBuilder text = new StringBuilder();
      for (int p = 0; p < phrasesPerDocument; p++) {
        text.append(PHRASES[random.nextInt(PHRASES.length)]).append(random.nextInt(6) == 0 ? ".\n" : ", ");
      }
      Files.writeString(dir.resolve(String.format("doc-%03d.txt", d)), text.toString());
    }
    return dir;
  }
}
