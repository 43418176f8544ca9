package dev.scone.training.experiment;

import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.vocab.FgramVocabulary;
import dev.scone.model.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The non-contextual control: a copy of a SCONE bundle whose f-gram row i is the mean of the token
 * rows (rows 0..V-1, the token embeddings E) of f-gram i's tokens. It sees the same matches as
 * SCONE but learns nothing about the n-gram beyond its bag of tokens, so SCONE beating it shows the
 * f-gram model's contextual rows carry the gain, not the mere fact of a lookup. Stateless.
 */
public final class MeanTokenTable {

  private MeanTokenTable() {}

  /** The mean of {@code table}'s rows {@code tokens[0..]} (tokenizer ids index the token rows). */
  public static float[] meanRow(EmbeddingTable table, int[] tokens) {
    double[] sum = new double[table.dim()];
    for (int t : tokens) {
      float[] row = table.row(t);
      for (int k = 0; k < sum.length; k++) sum[k] += row[k];
    }
    float[] mean = new float[sum.length];
    for (int k = 0; k < sum.length; k++) mean[k] = (float) (sum[k] / tokens.length);
    return mean;
  }

  /** Writes the copy of {@code source} into {@code target} (replaced if present); returns it. */
  public static Path write(ModelBundle source, Path target) throws IOException {
    EmbeddingTable table = source.table();
    FgramVocabulary vocabulary = source.vocabulary();
    return ControlTable.write(source, target, i -> meanRow(table, vocabulary.tokens(i)));
  }
}
