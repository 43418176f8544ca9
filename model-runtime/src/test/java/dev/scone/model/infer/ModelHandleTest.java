package dev.scone.model.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.scone.fgram.match.FgramMatcher;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.LanguageModel;
import dev.scone.model.ModelConfig;
import dev.scone.model.TokenIdMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ModelHandleTest {

  @TempDir static Path dir;
  private static ServingFixture f;

  @BeforeAll
  static void setUp() throws IOException {
    f = new ServingFixture(dir, 3);
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }

  private static void assertRejected(Executable build, String... words) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    for (String w : words) assertTrue(e.getMessage().contains(w), e.getMessage() + " lacks " + w);
  }

  @Test
  void partsThatDoNotFitTogetherAreRefusedWithTheirSizes() {
    assertRejected(() -> ModelHandle.baseline(f.model, TokenIdMap.identity(50257)), "50257", "100");
    FgramVocabulary.Meta otherTokenizer = new FgramVocabulary.Meta("other", 1000, ServingFixture.MAX_N, 1);
    FgramMatcher foreign = FgramMatcher.build(
        FgramVocabulary.of(otherTokenizer, List.of(new int[] {1, 2}), new long[] {5}));
    assertRejected(() -> ModelHandle.scone(f.model, f.ids, f.table, foreign), "1000", "50257");
    FgramVocabulary.Meta longer = new FgramVocabulary.Meta("gpt2", 50257, 5, 1);
    FgramMatcher maxN5 = FgramMatcher.build(FgramVocabulary.of(longer, List.of(new int[] {1, 2}), new long[] {5}));
    assertRejected(() -> ModelHandle.scone(f.model, f.ids, f.table, maxN5), "maxN 4");
    FgramVocabulary.Meta meta = new FgramVocabulary.Meta("gpt2", 50257, ServingFixture.MAX_N, 1);
    FgramMatcher smaller = FgramMatcher.build(FgramVocabulary.of(meta, List.of(new int[] {1, 2}), new long[] {5}));
    assertRejected(() -> ModelHandle.scone(f.model, f.ids, f.table, smaller), "50297", "50258");
    ModelConfig narrow = new ModelConfig(1, 16, 2, 32, 16, 100, 0.0, ServingFixture.MAX_N, 0, 1);
    try (LanguageModel other = LanguageModel.create(narrow, Device.cpu())) {
      assertRejected(() -> ModelHandle.scone(other, f.ids, f.table, f.matcher), "32", "16");
    }
  }

  @Test
  void callsLeaveNoArraysInTheModelOrTheHandle() {
    int modelArrays = f.model.djlModel().getNDManager().getManagedArrays().size();
    try (ModelHandle handle = ModelHandle.scone(f.model, f.ids, f.table, f.matcher)) {
      int[] doc = f.randomDocument(new Random(1), 2 * ServingFixture.CONTEXT + 3);
      new Scorer(handle).scoreAll(List.of(doc, new int[] {1, 2, 3}));
      new Generator(handle, f.tokenizer).generate(new int[] {262}, GenerationParams.defaults().withMaxTokens(20));
      assertEquals(0, handle.liveArrays());
    }
    assertEquals(modelArrays, f.model.djlModel().getNDManager().getManagedArrays().size());
  }

  @Test
  void aClosedHandleRefusesCalls() {
    ModelHandle handle = ModelHandle.scone(f.model, f.ids, f.table, f.matcher);
    Scorer scorer = new Scorer(handle);
    handle.close();
    handle.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> scorer.score(new int[] {1, 2, 3}));
  }
}
