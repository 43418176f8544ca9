package dev.scone.training.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusFileTest {

  @TempDir Path dir;

  @Test
  void aCorpusReadBackHasTheSameLabelsDocumentsAndSplits() throws IOException {
    Path texts = Files.createDirectories(dir.resolve("texts"));
    for (int d = 0; d < 40; d++) {
      Files.writeString(texts.resolve("doc-" + d + ".txt"), "document " + d + " says \u00e9t\u00e9 \"quoted\"\nline two\n");
    }
    Corpus corpus = TextDirectory.load("written", texts);
    CorpusFile.write(corpus, dir.resolve("c.json"));
    Corpus back = CorpusFile.read(dir.resolve("c.json"));

    assertEquals(corpus.name(), back.name());
    assertEquals(corpus.spec().version(), back.spec().version());
    assertEquals(corpus.spec().sha256(), back.spec().sha256());
    assertEquals(corpus.directory(), back.directory());
    assertEquals(corpus.documents(), back.documents());
    for (Split s : Split.values()) assertEquals(corpus.documents(s), back.documents(s), s.name());
    assertEquals(corpus.documents(), back.spec().layout().read(dir), "the layout gives the stored documents");
  }
}
