package dev.scone.training.experiment;

import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.model.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * The shuffled control: a copy of a SCONE bundle whose table's f-gram rows are permuted with a
 * seeded shuffle, token rows untouched, so each f-gram is served another f-gram's vector
 * ({@link ControlTable} writes it). Stateless.
 */
public final class ShuffledTable {

  private ShuffledTable() {}

  /** The permutation used: {@code order[i]} is the source f-gram row served at f-gram row i. */
  public static int[] permutation(int fgrams, long seed) {
    int[] order = new int[fgrams];
    for (int i = 0; i < fgrams; i++) order[i] = i;
    Random random = new Random(seed);
    for (int i = fgrams - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** Writes the shuffled copy of {@code source} into {@code target} (replaced if present); returns it. */
  public static Path write(ModelBundle source, Path target, long seed) throws IOException {
    EmbeddingTable table = source.table();
    int v = source.manifest().vocabSize();
    int[] order = permutation(table.rows() - v, seed);
    return ControlTable.write(source, target, i -> table.row(v + order[i]));
  }
}
