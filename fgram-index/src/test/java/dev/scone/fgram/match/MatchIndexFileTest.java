package dev.scone.fgram.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Platform;
import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.files.PageAdvice;
import dev.scone.fgram.vocab.FgramVocabulary;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatchIndexFileTest {
  private static final String VOCAB_SHA = "ab".repeat(32);

  @TempDir Path dir;

  /**
   * maxN, V, alphabet, segment shift: GPT-2's V gives 2- and 3-long entries; shift 3 (8 longs per
   * mapped segment) puts entries across every segment boundary, which the overlap must cover.
   */
  @ParameterizedTest
  @CsvSource({"2,7,5,3", "3,50,8,4", "5,50257,12,3", "5,3,3,5", "8,50257,6,3", "8,300,10,27", "5,50257,12,27"})
  void mappedIndexGivesTheSameRowsAsTheBuiltMatcherAndBruteForce(int maxN, int vocabSize, int alphabetSize, int shift)
      throws IOException {
    Random random = new Random(97L * maxN + vocabSize + shift);
    int[] alphabet = TestVocabularies.alphabet(random, vocabSize, alphabetSize);
    int[][] docs = TestVocabularies.documents(random, alphabet, 25);
    for (int trial = 0; trial < 3; trial++) {
      FgramVocabulary vocab = TestVocabularies.forTrial(random, trial, vocabSize, maxN, alphabet, docs);
      Path file = dir.resolve("t" + trial + ".index");
      MatchIndexFile.write(FgramRows.of(vocab), VOCAB_SHA, file);
      FgramMatcher mapped = MatchIndexFile.open(file, MatchIndexFile.Expectation.NONE, true, shift);
      FgramMatcher built = FgramMatcher.build(vocab);
      NaiveMatcher naive = new NaiveMatcher(vocab);
      assertEquals(built.byteSize(), mapped.byteSize());
      for (int[] doc : docs) {
        int[] expected = naive.rows(doc);
        assertArrayEquals(expected, built.rows(doc), () -> "built, rows of " + Arrays.toString(doc));
        assertArrayEquals(expected, mapped.rows(doc), () -> "mapped, rows of " + Arrays.toString(doc));
        assertArrayEquals(naive.matchLengths(doc), mapped.matchLengths(doc));
      }
      for (int id = 0; id < vocab.size(); id += 7) {
        int[] gram = new int[vocab.length(id)];
        FgramRows.of(vocab).tokens(id, gram);
        assertEquals(built.idOf(gram, 0, gram.length), mapped.idOf(gram, 0, gram.length));
      }
    }
  }

  /** madvise(RANDOM) on the tables of a mapped index cut into 8-long segments: taken, same answers. */
  @Test
  void advisedTablesGiveTheSameRows() throws IOException {
    Random random = new Random(41);
    int[] alphabet = TestVocabularies.alphabet(random, 50257, 12);
    int[][] docs = TestVocabularies.documents(random, alphabet, 25);
    FgramVocabulary vocab = TestVocabularies.forTrial(random, 0, 50257, 5, alphabet, docs);
    Path file = dir.resolve("advised.index");
    MatchIndexFile.write(FgramRows.of(vocab), VOCAB_SHA, file);
    FgramMatcher mapped = MatchIndexFile.open(file, MatchIndexFile.Expectation.NONE, true, 3);
    assertEquals(Platform.isLinux(), mapped.adviseTables(PageAdvice.Advice.RANDOM));
    assertFalse(FgramMatcher.build(vocab).adviseTables(PageAdvice.Advice.RANDOM), "native memory takes no advice");
    NaiveMatcher naive = new NaiveMatcher(vocab);
    for (int[] doc : docs) assertArrayEquals(naive.rows(doc), mapped.rows(doc), () -> Arrays.toString(doc));
  }

  @Test
  void theSameVocabularyWritesTheSameBytes() throws IOException {
    Random random = new Random(5);
    int[] alphabet = TestVocabularies.alphabet(random, 50257, 10);
    FgramVocabulary vocab = TestVocabularies.random(random, 50257, 5, 500, alphabet);
    String first = MatchIndexFile.write(FgramRows.of(vocab), VOCAB_SHA, dir.resolve("a.index"));
    String second = MatchIndexFile.write(FgramRows.of(vocab), VOCAB_SHA, dir.resolve("b.index"));
    assertEquals(first, second);
    assertEquals(first, FileSha256.of(dir.resolve("a.index")));
  }

  @Test
  void refusesAFileThatDoesNotFitItsVocabularyOrWasDamaged() throws IOException {
    FgramVocabulary vocab = TestVocabularies.of(10, 3, new int[] {1, 2}, new int[] {1, 2, 3});
    Path file = dir.resolve(MatchIndexFile.NAME);
    String sha = MatchIndexFile.write(FgramRows.of(vocab), VOCAB_SHA, file);
    MatchIndexFile.Expectation good = new MatchIndexFile.Expectation(sha, 10, 3, 2, VOCAB_SHA);
    assertArrayEquals(new int[] {1, 10, 11}, MatchIndexFile.open(file, good, true).rows(new int[] {1, 2, 3}));

    TableFormatException wrongVocab = assertThrows(TableFormatException.class, () -> MatchIndexFile.open(file,
        new MatchIndexFile.Expectation(sha, 10, 3, 2, "cd".repeat(32)), true));
    assertTrue(wrongVocab.getMessage().contains("vocab_sha256 does not match"), wrongVocab.getMessage());
    assertThrows(TableFormatException.class, () -> MatchIndexFile.open(file,
        new MatchIndexFile.Expectation(sha, 11, 3, 2, VOCAB_SHA), false));

    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(MatchIndexFile.HEADER_BYTES + 8);
      raf.write(0x55);
    }
    TableFormatException damaged =
        assertThrows(TableFormatException.class, () -> MatchIndexFile.open(file, good, true));
    assertTrue(damaged.getMessage().contains("sha256 does not match"), damaged.getMessage());

    Files.write(file, new byte[100]);
    assertThrows(TableFormatException.class, () -> MatchIndexFile.open(file, MatchIndexFile.Expectation.NONE, false));
  }

  @Test
  void emptyVocabularyWritesAnIndexThatMatchesNothing() throws IOException {
    FgramVocabulary vocab = TestVocabularies.of(10, 3);
    Path file = dir.resolve("empty.index");
    MatchIndexFile.write(FgramRows.of(vocab), VOCAB_SHA, file);
    assertArrayEquals(new int[] {1, 2, 3},
        MatchIndexFile.open(file, MatchIndexFile.Expectation.NONE, true).rows(new int[] {1, 2, 3}));
  }
}
