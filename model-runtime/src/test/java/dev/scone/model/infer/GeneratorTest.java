package dev.scone.model.infer;

import static dev.scone.model.infer.ServingFixture.CONTEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.model.TokenIdMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {

  @TempDir static Path dir;
  private static ServingFixture f;
  private static ModelHandle scone;
  private static ModelHandle baseline;

  @BeforeAll
  static void setUp() throws IOException {
    f = new ServingFixture(dir, 11);
    scone = f.scone;
    baseline = f.baseline;
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }

  @Test
  void greedyEqualsArgmaxOfAFullForwardRecomputedEachStep() {
    Random random = new Random(1);
    // 2.5 contexts of output: the window slides twice; a prompt longer than the context too.
    for (int promptLength : new int[] {5, CONTEXT + 4}) {
      int[] prompt = f.randomDocument(random, promptLength);
      for (ModelHandle handle : List.of(scone, baseline)) {
        Generation served = new Generator(handle, f.tokenizer).generate(prompt, GenerationParams.greedy(40));
        assertEquals(40, served.tokens().length);
        assertEquals(FinishReason.LENGTH, served.finishReason());
        Generation expected = referenceGreedy(handle.readsTable(), prompt, 40);
        assertArrayEquals(expected.tokens(), served.tokens(), "prompt " + promptLength + ", table " + handle.readsTable());
        assertTrue(References.maxAbsDiff(expected.tokenLogprobs(), served.tokenLogprobs()) < 1e-4);
        assertEquals(f.tokenizer.decode(served.tokens()), served.text());
      }
    }
  }

  /**
   * Greedy decoding without a cache: each step a full forward from position 0 over the window
   * the generator promises (the prompt's last C tokens, then slides to the last C/2 when full),
   * SCONE rows from the batch matcher over the whole sequence.
   */
  private Generation referenceGreedy(boolean table, int[] prompt, int maxTokens) {
    int vm = f.ids.modelVocabSize();
    int[] seq = prompt.clone();
    int start = Math.max(0, prompt.length - CONTEXT);
    int[] out = new int[maxTokens];
    double[] logprobs = new double[maxTokens];
    for (int step = 0; step < maxTokens; step++) {
      if (seq.length - start > CONTEXT) start = seq.length - CONTEXT / 2;
      int[] window = Arrays.copyOfRange(seq, start, seq.length);
      float[] logits = table
          ? References.tableLogits(f, Arrays.copyOfRange(f.matcher.rows(seq), start, seq.length))
          : References.baselineLogits(f, window);
      logits[(window.length - 1) * vm + vm - 1] = Float.NEGATIVE_INFINITY; // the unknown id is never generated
      int best = References.argmax(logits, window.length - 1, vm);
      out[step] = f.ids.toTokenizer(best);
      logprobs[step] = References.logProb(logits, window.length - 1, vm, best);
      seq = Arrays.copyOf(seq, seq.length + 1);
      seq[seq.length - 1] = out[step];
    }
    return new Generation(out, "", FinishReason.LENGTH, logprobs, 0);
  }

  @Test
  void sameSeedGivesTheSameTokensAndAnotherSeedOthers() {
    Generator generator = new Generator(scone, f.tokenizer);
    int[] prompt = f.randomDocument(new Random(2), 6);
    GenerationParams params = GenerationParams.defaults().withMaxTokens(30).withSeed(42);
    Generation a = generator.generate(prompt, params);
    Generation b = generator.generate(prompt, params);
    Generation c = generator.generate(prompt, params.withSeed(43));
    assertArrayEquals(a.tokens(), b.tokens());
    assertEquals(a.text(), b.text());
    assertFalse(Arrays.equals(a.tokens(), c.tokens()), "seeds 42 and 43 gave the same 30 tokens");
  }

  @Test
  void theUnknownIdIsNeverGenerated() {
    // Decode the unknown id as a tokenizer id the model does not know, so that it shows in the output.
    int unknownAs = 40_000;
    ListedIdMap ids = new ListedIdMap(f.tokenizer.vocabSize(), f.known, unknownAs);
    assertArrayEquals(new int[] {ids.modelVocabSize() - 1}, Generator.unspeakableIds(ids));
    assertArrayEquals(new int[0], Generator.unspeakableIds(TokenIdMap.identity(50)));
    try (ModelHandle handle = ModelHandle.baseline(f.model, ids)) {
      Generator generator = new Generator(handle, f.tokenizer);
      int[] prompt = f.randomDocument(new Random(5), 6);
      // Temperature 50 makes sampling nearly uniform over 100 ids: 1,000 draws would hit an
      // unmasked unknown id with probability 1 - 0.99^1000.
      for (int seed = 0; seed < 20; seed++) {
        GenerationParams params = GenerationParams.defaults().withMaxTokens(50).withTemperature(50).withSeed(seed);
        for (int token : generator.generate(prompt, params).tokens()) {
          assertTrue(token != unknownAs, "generated the unknown id (seed " + seed + ")");
        }
      }
    }
  }

  @Test
  void topKOneAndATinyNucleusAreGreedy() {
    Generator generator = new Generator(scone, f.tokenizer);
    int[] prompt = f.randomDocument(new Random(3), 6);
    Generation greedy = generator.generate(prompt, GenerationParams.greedy(25));
    GenerationParams hot = GenerationParams.defaults().withMaxTokens(25).withTemperature(1.5).withSeed(9);
    assertArrayEquals(greedy.tokens(), generator.generate(prompt, hot.withTopK(1)).tokens());
    assertArrayEquals(greedy.tokens(), generator.generate(prompt, hot.withTopP(1e-9)).tokens());
    // Control: the same sampling without the filters departs from greedy.
    assertFalse(Arrays.equals(greedy.tokens(), generator.generate(prompt, hot).tokens()));
  }

  @Test
  void stopSequenceEndsGenerationAndIsCutFromTheText() {
    Generator generator = new Generator(scone, f.tokenizer);
    int[] prompt = f.randomDocument(new Random(4), 6);
    Generation full = generator.generate(prompt, GenerationParams.greedy(40));
    String stop = full.text().substring(20, 22);
    int at = full.text().indexOf(stop);
    Generation stopped = generator.generate(prompt,
        GenerationParams.greedy(40).withStop(List.of("never appears \u0000", stop)));
    assertEquals(FinishReason.STOP, stopped.finishReason());
    assertEquals(full.text().substring(0, at), stopped.text());
    int n = stopped.tokens().length;
    assertTrue(n < full.tokens().length);
    assertArrayEquals(Arrays.copyOf(full.tokens(), n), stopped.tokens());
    assertTrue(f.tokenizer.decode(stopped.tokens()).contains(stop), "the stop's tokens are kept");
    assertFalse(f.tokenizer.decode(Arrays.copyOf(stopped.tokens(), n - 1)).contains(stop),
        "generation ran past the stop sequence");
  }

  @Test
  void maxTokensIsRespected() {
    Generator generator = new Generator(baseline, f.tokenizer);
    int[] prompt = {262, 257};
    for (int max : new int[] {0, 1, 7}) {
      Generation g = generator.generate(prompt, GenerationParams.defaults().withMaxTokens(max).withSeed(max));
      assertEquals(max, g.tokens().length);
      assertEquals(max, g.tokenLogprobs().length);
      assertEquals(FinishReason.LENGTH, g.finishReason());
    }
  }

  @Test
  void endOfTextEndsGenerationAndIsNotReturned() {
    Generator generator = new Generator(scone, f.tokenizer);
    int[] prompt = f.randomDocument(new Random(5), 6);
    Generation full = generator.generate(prompt, GenerationParams.greedy(30));
    int eos = full.tokens()[12];
    int first = IntStream.range(0, 30).filter(i -> full.tokens()[i] == eos).findFirst().orElseThrow();
    Generation ended = generator.generate(prompt, GenerationParams.greedy(30).withEosToken(eos));
    assertEquals(FinishReason.EOS, ended.finishReason());
    assertArrayEquals(Arrays.copyOf(full.tokens(), first), ended.tokens());
    assertEquals(first, ended.tokenLogprobs().length);
  }

  @Test
  void incrementalRowsEqualBatchMatcherRowsOfTheWholeSequence() {
    Random random = new Random(6);
    int[] prompt = f.randomDocument(random, 9);
    Generation g = new Generator(scone, f.tokenizer)
        .generate(prompt, GenerationParams.defaults().withMaxTokens(40).withSeed(6));
    int[] continuation = f.randomDocument(random, 60); // dense in f-grams, unlike random output
    for (int[] after : List.of(g.tokens(), continuation)) {
      int[] all = IntStream.concat(Arrays.stream(prompt), Arrays.stream(after)).toArray();
      SequenceRows seq = new SequenceRows(scone.inputs().stream(), prompt);
      for (int token : after) seq.append(token);
      assertArrayEquals(f.matcher.rows(all), seq.rows(0, all.length));
    }
    long fgramRows = Arrays.stream(f.matcher.rows(continuation)).filter(r -> r >= f.tokenizer.vocabSize()).count();
    assertTrue(fgramRows > 10, "only " + fgramRows + " f-gram rows in the continuation");
  }

  @Test
  void emptyPromptAndTokensOutsideTheVocabularyAreRejected() {
    Generator generator = new Generator(scone, f.tokenizer);
    assertThrows(IllegalArgumentException.class, () -> generator.generate(new int[0], GenerationParams.greedy(3)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> generator.generate(new int[] {1, 50257}, GenerationParams.greedy(3)));
    assertTrue(e.getMessage().contains("prompt position 1"), e.getMessage());
  }
}
