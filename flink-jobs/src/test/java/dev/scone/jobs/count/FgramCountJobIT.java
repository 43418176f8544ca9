package dev.scone.jobs.count;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.fgram.vocab.VocabularyFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded job on a local MiniCluster at parallelism 2, against the batch counter and selector. */
class FgramCountJobIT {
  @TempDir Path dir;

  @Test
  void publishedVocabularyEqualsBatchSelectionAndBadRecordsAreSkipped() throws Exception {
    Random random = new Random(42);
    List<String> texts = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int d = 0; d < 14; d++) {
      String text = BatchReference.randomText(random, 80 + random.nextInt(400));
      texts.add(text);
      files.add(write("doc" + d + ".txt", text.getBytes(StandardCharsets.UTF_8)));
    }
    files.add(write("invalid-utf8.txt", new byte[] {'a', ' ', (byte) 0xC3, 0x28, ' ', 'b'}));
    files.add(write("empty.txt", new byte[0]));
    files.add(write("blank.txt", " \n\t ".getBytes(StandardCharsets.UTF_8)));

    int maxN = 4;
    int fgrams = 60;
    long minCount = 3;
    CountJobConfig config = CountJobConfig.exact("gpt2", maxN, fgrams, minCount, 2,
        dir.resolve("store").toString(), FgramCountJob.sourceSha256(files));
    CountRun run = FgramCountJob.runOnFiles(files, config);

    FgramVocabulary expected = BatchReference.select(texts, maxN, fgrams, minCount);
    VocabularyFile.Contents published = VocabularyFile.read(Path.of(run.published().path), run.published().sha256);
    assertEquals(1, run.published().version);
    assertEquals(3, run.badRecords(), "invalid UTF-8, empty and blank files are bad records");
    assertEquals(fgrams, expected.size(), "the test needs more candidates than S, so top-K matters");
    assertEquals(expected.size(), run.published().fgrams);
    assertTrue(expected.withVersion(1).sameContent(published.vocabulary()),
        () -> "published " + BatchReference.describe(published.vocabulary()) + "\nexpected " + BatchReference.describe(expected));
    assertEquals(config.sourceSha256(), published.sourceSha256());
  }

  @Test
  void oversizedDocumentsAreCountedAsTheSplitterPieces() throws Exception {
    Random random = new Random(9);
    int maxChars = 300;
    DocumentSplitter splitter = new DocumentSplitter(maxChars);
    List<String> pieces = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    long extraPieces = 0;
    for (int d = 0; d < 4; d++) {
      String text = BatchReference.randomText(random, 300 + random.nextInt(300));
      List<String> split = splitter.split(text);
      assertTrue(split.size() > 1, "the test needs oversized documents");
      extraPieces += split.size() - 1;
      pieces.addAll(split);
      files.add(write("big" + d + ".txt", text.getBytes(StandardCharsets.UTF_8)));
    }
    int maxN = 3;
    CountJobConfig config = new CountJobConfig("gpt2", maxN, 30, 2, 2, maxChars, false, CountingMode.EXACT,
        dir.resolve("store").toString(), "");
    CountRun run = FgramCountJob.runOnFiles(files, config);

    FgramVocabulary expected = BatchReference.select(pieces, maxN, 30, 2);
    VocabularyFile.Contents published = VocabularyFile.read(Path.of(run.published().path), run.published().sha256);
    assertEquals(extraPieces, run.splitPieces());
    assertEquals(0, run.badRecords());
    assertTrue(expected.withVersion(1).sameContent(published.vocabulary()),
        () -> "published " + BatchReference.describe(published.vocabulary()) + "\nexpected " + BatchReference.describe(expected));
  }

  private Path write(String name, byte[] bytes) throws Exception {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    return f;
  }
}
