package dev.scone.fgram.match;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.fgram.vocab.FgramVocabulary;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FgramMatcherTest {
  private static final int GPT2 = 50257;

  /** maxN, V, alphabet size: small V packs many tokens per word; GPT-2's V gives 2-word keys. */
  @ParameterizedTest
  @CsvSource({"2,7,5", "3,50,8", "5,50257,12", "5,3,3", "8,50257,6", "8,300,10"})
  void batchRowsEqualBruteForceOnRandomVocabularies(int maxN, int vocabSize, int alphabetSize) {
    Random random = new Random(31L * maxN + vocabSize);
    int[] alphabet = TestVocabularies.alphabet(random, vocabSize, alphabetSize);
    int[][] docs = TestVocabularies.documents(random, alphabet, 25);
    for (int trial = 0; trial < 3; trial++) {
      FgramVocabulary vocab = TestVocabularies.forTrial(random, trial, vocabSize, maxN, alphabet, docs);
      assertMatchesBruteForce(vocab, docs);
    }
  }

  /** In both filter probing orders: they must give the same answers. */
  private static void assertMatchesBruteForce(FgramVocabulary vocab, int[][] docs) {
    NaiveMatcher naive = new NaiveMatcher(vocab);
    for (FilterProbing order : FilterProbing.values()) {
      FgramMatcher matcher = FgramMatcher.build(vocab).withProbing(order);
      for (int[] doc : docs) {
        assertArrayEquals(naive.rows(doc), matcher.rows(doc), () -> order + ", rows of " + Arrays.toString(doc));
        assertArrayEquals(naive.matchLengths(doc), matcher.matchLengths(doc), () -> order + " lengths");
      }
    }
  }

  @Test
  void smallFiltersAreProbedEveryLengthAndLargeOnesLongestFirst() {
    assertEquals(FilterProbing.EVERY_LENGTH, FgramMatcher.build(TestVocabularies.of(10, 3, new int[] {1, 2})).probing());
    assertEquals(FilterProbing.EVERY_LENGTH, FilterProbing.forFilterBytes(FilterProbing.LONGEST_FIRST_FROM_BYTES));
    assertEquals(FilterProbing.LONGEST_FIRST, FilterProbing.forFilterBytes(FilterProbing.LONGEST_FIRST_FROM_BYTES + 8));
  }

  /**
   * A hot two-token ending with tens of thousands of extensions in F fills its filter page, so
   * nearly every suffix ending there passes the filter: positions must go on through every shorter
   * candidate (in later rounds of the block) until the table has one.
   */
  @Test
  void aSaturatedFilterPageSendsPositionsOnToTheirShorterCandidates() {
    Random random = new Random(7);
    int hot1 = 7;
    int hot2 = 8;
    java.util.List<int[]> grams = new java.util.ArrayList<>();
    grams.add(new int[] {hot1, hot2});
    for (int i = 0; i < 40_000; i++) {
      int length = 3 + random.nextInt(3);
      int[] g = new int[length];
      for (int j = 0; j < length - 2; j++) g[j] = 100 + random.nextInt(GPT2 - 100);
      g[length - 2] = hot1;
      g[length - 1] = hot2;
      grams.add(g);
    }
    grams.add(new int[] {50, 51, 52}); // a second, cold ending
    FgramVocabulary vocab = TestVocabularies.of(GPT2, 5, grams.toArray(int[][]::new));
    int[][] docs = new int[20][];
    for (int d = 0; d < docs.length; d++) {
      docs[d] = new int[300 + random.nextInt(300)];
      for (int i = 0; i < docs[d].length; i++) {
        int r = random.nextInt(10);
        docs[d][i] = r < 3 ? hot1 : r < 6 ? hot2 : r == 6 ? 50 + random.nextInt(3) : 100 + random.nextInt(2000);
      }
    }
    FgramIndex index = FgramIndex.build(FgramRows.of(vocab));
    SuffixKeys keys = index.keys;
    int hotLong = 0;
    int passed = 0;
    for (int[] doc : docs) {
      for (int i = 4; i < doc.length; i++) {
        if (doc[i - 1] != hot1 || doc[i] != hot2 || index.idOf(doc, i - 4, 5) >= 0) continue;
        long lo = keys.lo(doc, i - 4, 5);
        long hi = keys.hi(doc, i - 4, 5);
        hotLong++;
        passed += index.filter.mightContain(index.filter.block(FgramIndex.hash(lo & keys.loMask[2], 0)),
            FgramIndex.hash(lo, hi)) ? 1 : 0;
      }
    }
    assertTrue(hotLong > 100 && passed > hotLong / 2,
        passed + " of " + hotLong + " 5-grams ending in the hot pair, none in F, pass the filter: expected most");
    assertMatchesBruteForce(vocab, docs);
  }

  @Test
  void longestMatchDoesNotNeedShorterSuffixesOrPrefixesInF() {
    int v = 10;
    // Only the 3-gram: neither [1,2], [2,3] nor any prefix/suffix is in F.
    FgramMatcher only3 = FgramMatcher.build(TestVocabularies.of(v, 5, new int[] {1, 2, 3}));
    assertArrayEquals(new int[] {1, 2, v, 3}, only3.rows(new int[] {1, 2, 3, 3}));
    // A 2-gram and a 4-gram that extends it, without the 3-gram in between.
    FgramMatcher gap =
        FgramMatcher.build(TestVocabularies.of(v, 5, new int[] {1, 2}, new int[] {1, 2, 3, 4}));
    assertArrayEquals(new int[] {1, v, 3, v + 1, 5}, gap.rows(new int[] {1, 2, 3, 4, 5}));
    assertArrayEquals(new int[] {0, 2, 0, 4, 0}, gap.matchLengths(new int[] {1, 2, 3, 4, 5}));
  }

  @Test
  void longestMatchNeverCrossesDocumentBoundary() {
    int v = 10;
    FgramMatcher matcher =
        FgramMatcher.build(TestVocabularies.of(v, 3, new int[] {1, 2}, new int[] {1, 2, 3}));
    int[] tokens = {1, 2, 3, 1, 2, 3};
    assertArrayEquals(new int[] {1, v, v + 1, 1, v, v + 1}, matcher.rows(tokens, new int[0]));
    assertArrayEquals(new int[] {1, v, v + 1, 1, 2, 3}, matcher.rows(tokens, new int[] {3, 3, 4}));
    assertArrayEquals(new int[] {1, 2, 3, 1, v, v + 1}, matcher.rows(tokens, new int[] {0, 1, 2, 3}));
  }

  @ParameterizedTest
  @CsvSource({"3,50,6", "5,50257,10", "8,50257,5"})
  void flatTokensWithDocStartsEqualPerDocumentRows(int maxN, int vocabSize, int alphabetSize) {
    Random random = new Random(7L * maxN);
    int[] alphabet = TestVocabularies.alphabet(random, vocabSize, alphabetSize);
    int[][] docs = TestVocabularies.documents(random, alphabet, 30);
    FgramVocabulary vocab = TestVocabularies.fromDocuments(random, vocabSize, maxN, 800, docs);
    NaiveMatcher naive = new NaiveMatcher(vocab);
    int[] docStarts = new int[docs.length - 1];
    int[] flat = TestVocabularies.concat(docs, docStarts);
    int[] expected = Arrays.stream(docs).flatMapToInt(d -> Arrays.stream(naive.rows(d))).toArray();
    for (FilterProbing order : FilterProbing.values()) {
      FgramMatcher matcher = FgramMatcher.build(vocab).withProbing(order);
      assertArrayEquals(expected, matcher.rows(flat, docStarts), order::name);

      int[] sliced = new int[flat.length + 3];
      for (int d = 0; d < docs.length; d++) {
        int from = d == 0 ? 0 : docStarts[d - 1];
        matcher.rows(flat, from, from + docs[d].length, sliced, from + 3);
      }
      assertArrayEquals(expected, Arrays.copyOfRange(sliced, 3, sliced.length), order::name);
    }
  }

  @ParameterizedTest
  @CsvSource({"2,20,4", "5,50257,10", "8,50257,5"})
  void incrementalMatchEqualsBatchRows(int maxN, int vocabSize, int alphabetSize) {
    Random random = new Random(11L * maxN);
    int[] alphabet = TestVocabularies.alphabet(random, vocabSize, alphabetSize);
    int[][] docs = TestVocabularies.documents(random, alphabet, 20);
    FgramMatcher matcher =
        FgramMatcher.build(TestVocabularies.fromDocuments(random, vocabSize, maxN, 500, docs));
    IncrementalMatch incremental = matcher.incremental();
    for (int[] doc : docs) {
      incremental.reset();
      int[] rows = new int[doc.length];
      int[] lengths = new int[doc.length];
      for (int i = 0; i < doc.length; i++) {
        rows[i] = incremental.push(doc[i]);
        lengths[i] = incremental.lastLength();
      }
      assertArrayEquals(matcher.rows(doc), rows);
      assertArrayEquals(matcher.matchLengths(doc), lengths);
    }
  }

  @Test
  void idOfFindsMembersAndRejectsNonMembers() {
    Random random = new Random(5);
    int[] alphabet = TestVocabularies.alphabet(random, GPT2, 8);
    FgramVocabulary vocab = TestVocabularies.random(random, GPT2, 8, 600, alphabet);
    FgramMatcher matcher = FgramMatcher.build(vocab);
    NaiveMatcher naive = new NaiveMatcher(vocab);
    for (int id = 0; id < vocab.size(); id++) {
      int[] padded = new int[vocab.length(id) + 2];
      System.arraycopy(vocab.tokens(id), 0, padded, 1, vocab.length(id));
      assertEquals(id, matcher.idOf(padded, 1, vocab.length(id)));
    }
    int nonMembers = 0;
    for (int trial = 0; trial < 2000; trial++) {
      int[] gram = random.ints(2 + random.nextInt(7), 0, alphabet.length).map(i -> alphabet[i]).toArray();
      int expected = naive.idOf(gram, 0, gram.length);
      if (expected < 0) nonMembers++;
      assertEquals(expected, matcher.idOf(gram, 0, gram.length), () -> Arrays.toString(gram));
    }
    assertTrue(nonMembers > 100, "the trial drew too few non-members to test: " + nonMembers);
    int[] member = vocab.tokens(0);
    assertEquals(-1, matcher.idOf(member, 0, 1));
    assertEquals(-1, matcher.idOf(member, 0, 0));
    assertEquals(-1, matcher.idOf(new int[9], 0, 9), "longer than maxN");
    assertEquals(-1, matcher.idOf(new int[] {member[0], GPT2}, 0, 2), "token outside V");
    assertThrows(IndexOutOfBoundsException.class, () -> matcher.idOf(member, 1, member.length));
  }

  @Test
  void repeatedNgramKeepsItsLowestId() {
    FgramVocabulary vocab = FgramVocabulary.of(new FgramVocabulary.Meta("test", 10, 3, 1),
        java.util.List.of(new int[] {1, 2}, new int[] {3, 4}, new int[] {1, 2}), new long[] {9, 5, 2});
    FgramMatcher matcher = FgramMatcher.build(vocab);
    assertEquals(0, matcher.idOf(new int[] {1, 2}, 0, 2));
    assertArrayEquals(new int[] {1, 10}, matcher.rows(new int[] {1, 2}));
  }

  @Test
  void emptyVocabularyMatchesNothing() {
    FgramMatcher matcher = FgramMatcher.build(TestVocabularies.of(GPT2, 5));
    assertEquals(0, matcher.size());
    int[] doc = new Random(3).ints(700, 0, GPT2).toArray();
    assertArrayEquals(doc, matcher.rows(doc));
    assertArrayEquals(new int[0], matcher.rows(new int[0]));
    assertEquals(-1, matcher.idOf(doc, 0, 2));
    assertEquals(doc[5], matcher.incremental().push(doc[5]));
  }

  @Test
  void tokensOutsideTheVocabularyAreRejectedWithTheirPosition() {
    FgramMatcher matcher = FgramMatcher.build(TestVocabularies.of(10, 3, new int[] {1, 2}));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> matcher.rows(new int[] {1, 2, 10}));
    assertTrue(e.getMessage().contains("token 10 at position 2"), e.getMessage());
    int[] longDoc = new int[400];
    longDoc[300] = -1;
    e = assertThrows(IllegalArgumentException.class, () -> matcher.rows(longDoc));
    assertTrue(e.getMessage().contains("token -1 at position 300"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> matcher.incremental().push(10));
  }

  @Test
  void badRangesAndDocStartsAreRejected() {
    FgramMatcher matcher = FgramMatcher.build(TestVocabularies.of(10, 3, new int[] {1, 2}));
    int[] tokens = {1, 2, 3};
    assertThrows(IndexOutOfBoundsException.class, () -> matcher.rows(tokens, 2, 1, new int[3], 0));
    assertThrows(IndexOutOfBoundsException.class, () -> matcher.rows(tokens, 0, 3, new int[3], 1));
    assertThrows(IllegalArgumentException.class, () -> matcher.rows(tokens, new int[] {2, 1}));
    assertThrows(IllegalArgumentException.class, () -> matcher.rows(tokens, new int[] {4}));
  }

  @Test
  void maxNThatDoesNotFitTwoWordsIsRejectedAtBuild() {
    // GPT-2 tokens take 16 bits, so at most 8 fit two 64-bit words.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FgramMatcher.build(TestVocabularies.of(GPT2, 9, new int[] {1, 2})));
    assertTrue(e.getMessage().contains("maxN 9"), e.getMessage());
  }

  @Test
  void describesItself() {
    FgramMatcher matcher =
        FgramMatcher.build(TestVocabularies.of(GPT2, 5, new int[] {1, 2}, new int[] {1, 2, 3}));
    assertEquals(GPT2, matcher.vocabSize());
    assertEquals(5, matcher.maxN());
    assertEquals(2, matcher.size());
    assertTrue(matcher.byteSize() > 0);
  }
}
