package dev.scone.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.arrow.TableFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelVocabularyTest {

  @TempDir Path dir;

  @Test
  void keepsExactlyTheTokensSeenAtLeastMinCountPlusUnk() {
    Random random = new Random(11);
    TokenCorpus corpus = TokenFileTest.randomCorpus(random, 20, 200, 3000);
    for (int minCount : new int[] {1, 2, 3}) {
      ModelVocabulary vocab = ModelVocabulary.fromCounts(corpus, minCount);
      TreeSet<Integer> expected = new TreeSet<>(); // brute force: count each id by scanning
      for (int t = 0; t < corpus.vocabSize(); t++) {
        int n = 0;
        for (int x : corpus.tokens()) if (x == t) n++;
        if (n >= minCount) expected.add(t);
        if (t > 400) break; // the scan is O(V N): check a prefix of ids
      }
      for (int t = 0; t <= 400; t++) assertEquals(expected.contains(t), vocab.contains(t), "id " + t);
      assertEquals(vocab.keptTokens().length + 1, vocab.size());
      assertEquals(vocab.size() - 1, vocab.unkId());
    }
  }

  @Test
  void keptTokensRoundTripAndOthersMapToUnk() {
    ModelVocabulary vocab = new ModelVocabulary("test", 10, 1, new int[] {1, 4, 7});
    assertEquals(4, vocab.size());
    assertArrayEquals(new int[] {3, 0, 3, 3, 1, 3, 3, 2, 3, 3},
        vocab.toModel(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    for (int m = 0; m < 3; m++) assertEquals(m, vocab.toModel(vocab.toTokenizer(m)));
    assertEquals(0, vocab.toTokenizer(vocab.unkId()), "UNK maps back to the lowest unkept id");
    assertEquals(2, new ModelVocabulary("test", 10, 1, new int[] {0, 1, 5}).toTokenizer(3));
    assertEquals(4, vocab.modelVocabSize());
    assertThrows(IllegalArgumentException.class, () -> vocab.toTokenizer(4));
    assertThrows(IllegalArgumentException.class, () -> vocab.toModel(10));
  }

  @Test
  void repeatedOrMissingTokensAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new ModelVocabulary("test", 10, 1, new int[] {4, 1, 4}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ModelVocabulary("test", 4, 0, new int[] {3, 0, 1}));
    assertTrue(e.getMessage().contains("tokenizer id 2 is missing"), e.getMessage());
  }

  @Test
  void fullVocabularyKeepsEveryIdMostFrequentFirstWithoutUnk() {
    TokenCorpus corpus = TokenFileTest.randomCorpus(new Random(13), 20, 200, 3000);
    ModelVocabulary vocab = ModelVocabulary.fromCounts(corpus, 0);
    long[] counts = corpus.tokenCounts();
    assertTrue(vocab.full());
    assertEquals(corpus.vocabSize(), vocab.size());
    assertEquals(-1, vocab.unkId());
    boolean[] seen = new boolean[corpus.vocabSize()];
    for (int m = 0; m < vocab.size(); m++) {
      int t = vocab.toTokenizer(m);
      assertEquals(m, vocab.toModel(t));
      seen[t] = true;
      if (m > 0) {
        long before = counts[vocab.toTokenizer(m - 1)];
        assertTrue(before > counts[t] || (before == counts[t] && vocab.toTokenizer(m - 1) < t),
            "model id " + m + " is out of frequency order");
      }
    }
    for (boolean s : seen) assertTrue(s, "every tokenizer id has a model id");
  }

  @Test
  void fileRoundTrip() throws IOException {
    TokenCorpus corpus = TokenFileTest.randomCorpus(new Random(12), 10, 100, 500);
    for (int minCount : new int[] {0, 2}) {
      ModelVocabulary vocab = ModelVocabulary.fromCounts(corpus, minCount);
      Path file = dir.resolve("model_vocab-" + minCount + ".json");
      ModelVocabularyFile.write(vocab, file);
      assertTrue(ModelVocabularyFile.read(file).sameContent(vocab));
    }
  }

  @Test
  void aVersionOneFileStillReads() throws IOException {
    Path file = dir.resolve("model_vocab.json");
    Files.writeString(file, "{\"format\":\"scone.model_vocab\",\"format_version\":1,\"tokenizer\":\"test\","
        + "\"tokenizer_vocab_size\":10,\"min_count\":1,\"size\":4,\"unk_id\":3,\"tokens\":[1,4,7]}");
    ModelVocabulary read = ModelVocabularyFile.read(file);
    assertTrue(read.sameContent(new ModelVocabulary("test", 10, 1, new int[] {1, 4, 7})));
  }

  @Test
  void damagedOrInconsistentFileIsRefused() throws IOException {
    ModelVocabulary vocab = new ModelVocabulary("test", 10, 1, new int[] {1, 4, 7});
    Path file = dir.resolve("model_vocab.json");
    ModelVocabularyFile.write(vocab, file);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(file, text.replace("[1,4,7]", "[1,4,8]"));
    TableFormatException damaged =
        assertThrows(TableFormatException.class, () -> ModelVocabularyFile.read(file));
    assertTrue(damaged.getMessage().contains("sha256"), damaged.getMessage());

    Files.delete(dev.scone.fgram.files.FileSha256.sidecarOf(file)); // no sidecar: fields checked
    Files.writeString(file, text.replace("\"size\":4", "\"size\":5"));
    TableFormatException inconsistent =
        assertThrows(TableFormatException.class, () -> ModelVocabularyFile.read(file));
    assertTrue(inconsistent.getMessage().contains("size 5"), inconsistent.getMessage());
  }
}
