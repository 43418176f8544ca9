package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.model.bundle.ServedBundle;
import dev.scone.testing.TinyBundles;
import dev.scone.training.corpus.Document;
import dev.scone.training.corpus.DocumentRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code scone eval} scores in one cell: documents apart, f-gram rows and UNK counted. */
class EvalCellTest {
  private static final String A = "the cat sat on the mat. the dog sat on the log. the cat sat on the log.";
  private static final String B = "the dog ran to the cat and the cat ran to the dog on the mat.";

  @TempDir Path dir;

  @Test
  void twoDocumentsInOneFileAreScoredAsIfApart() throws IOException {
    TinyBundles.Published p = TinyBundles.publish(dir.resolve("store"), List.of(A, B), 40, 3);
    String file = A + "\n\n" + B;
    try (ModelBundle bundle = ModelBundle.open(p.directory());
        ServedBundle served = ServedBundle.open(bundle, Device.cpu())) {
      List<Document> split = DocumentRule.BLANK_LINE.split("two.txt", file);
      assertEquals(2, split.size());
      EvalCell two = EvalCell.of(served, split);
      EvalCell a = EvalCell.of(served, List.of(new Document("a", A)));
      EvalCell b = EvalCell.of(served, List.of(new Document("b", B)));
      // No position of B sees A's tokens: its log-probs, and its f-gram rows, are those of B alone.
      assertEquals(a.logprob() + b.logprob(), two.logprob(), 1e-9 * Math.abs(two.logprob()));
      assertEquals(a.scored() + b.scored(), two.scored());
      assertEquals(a.positions() + b.positions(), two.positions());
      assertEquals(a.fgramRowPositions() + b.fgramRowPositions(), two.fgramRowPositions());
      assertTrue(two.fgramRowPositions() > 0, "the sample's f-grams match its own text");
      // Taken whole, the file is one document and B's positions see A: a different score.
      EvalCell whole = EvalCell.of(served, DocumentRule.FILE.split("two.txt", file));
      assertNotEquals(two.logprob(), whole.logprob());
    }
  }

  @Test
  void tokensOutsideTheModelVocabularyCountAsUnknown() throws IOException {
    TinyBundles.Published p = TinyBundles.publish(dir.resolve("store"), List.of(A), 10, 4);
    try (ModelBundle bundle = ModelBundle.open(p.directory());
        ServedBundle served = ServedBundle.open(bundle, Device.cpu())) {
      EvalCell seen = EvalCell.of(served, List.of(new Document("a", A)));
      assertEquals(0, seen.unknownTokens(), "every token of the sample has its own id");
      EvalCell unseen = EvalCell.of(served, List.of(new Document("z", "Zebras quickly juggle xylophones.")));
      assertTrue(unseen.unknownShare() > 0.5, "tokens the sample never had: " + unseen);
    }
  }

  @Test
  void repeatedBundleArgumentsGetDistinctColumnNames() {
    assertEquals(List.of("latest", "5", "latest#2", "latest#3"),
        EvalCommand.columnNames(List.of("latest", "5", "latest", "latest")));
  }
}
