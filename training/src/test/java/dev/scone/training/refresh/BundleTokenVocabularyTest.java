package dev.scone.training.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.scone.model.TokenIdMap;
import dev.scone.training.data.ModelVocabulary;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BundleTokenVocabularyTest {

  /** A plain array map, as a bundle's token_ids.json reads back. */
  private record ArrayMap(int[] toModel, int[] toTokenizer) implements TokenIdMap {
    public int tokenizerVocabSize() {
      return toModel.length;
    }

    public int modelVocabSize() {
      return toTokenizer.length;
    }

    public int toModel(int t) {
      return toModel[t];
    }

    public int toTokenizer(int m) {
      return toTokenizer[m];
    }
  }

  @Test
  void rebuiltVocabularyAnswersLikeTheBundleMapForEveryId() {
    Random random = new Random(5);
    for (int trial = 0; trial < 20; trial++) {
      int v = 50 + random.nextInt(200);
      int[] kept = IntStream.range(0, v).filter(t -> random.nextInt(3) == 0).toArray();
      ModelVocabulary reference = new ModelVocabulary("tok", v, 2, kept);
      int[] toModel = IntStream.range(0, v).map(reference::toModel).toArray();
      int[] toTokenizer = IntStream.range(0, reference.size()).map(reference::toTokenizer).toArray();
      ModelVocabulary rebuilt = BundleTokenVocabulary.of("tok", new ArrayMap(toModel, toTokenizer));
      assertEquals(reference.size(), rebuilt.size());
      for (int t = 0; t < v; t++) assertEquals(reference.toModel(t), rebuilt.toModel(t), "tokenizer id " + t);
    }
  }

  @Test
  void aMapWhoseUnknownIdIsNotLastIsRefused() {
    int[] toModel = {1, 0, 0, 2}; // model id 0 shared by tokenizer ids 1 and 2: UNK is not the last id
    int[] toTokenizer = {1, 0, 3};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BundleTokenVocabulary.of("tok", new ArrayMap(toModel, toTokenizer)));
    assertEquals(true, e.getMessage().contains("not a compacted vocabulary"), e.getMessage());
  }
}
