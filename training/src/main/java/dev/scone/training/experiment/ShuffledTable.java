package dev.scone.training.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.table.EmbeddingTableWriter;
import dev.scone.model.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The control: a copy of a SCONE bundle whose table's f-gram rows ({@code V .. V+|F|-1}) are
 * permuted with a seeded shuffle, token rows untouched, so each f-gram is served another f-gram's
 * vector. The copy's manifest gets the new table's SHA-256 and size (nothing else changes: the
 * table's metadata must keep naming the same model version), so it opens verified like any bundle. Not thread-safe; writes only under {@code target}.
 */
public final class ShuffledTable {

  private static final ObjectMapper JSON = new ObjectMapper();

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
    deleteTree(target);
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(source.directory())) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) Files.copy(f, target.resolve(f.getFileName()));
      }
    }
    EmbeddingTable table = source.table();
    String tableName = table.file().getFileName().toString();
    Path tableFile = target.resolve(tableName);
    int v = source.manifest().vocabSize();
    int[] order = permutation(table.rows() - v, seed);
    String sha256;
    try (EmbeddingTableWriter writer = EmbeddingTableWriter.create(tableFile, table.metadata())) {
      for (int r = 0; r < v; r++) writer.append(table.row(r));
      for (int i = 0; i < order.length; i++) writer.append(table.row(v + order[i]));
      sha256 = writer.finish();
    }
    rewriteManifest(target, tableName, sha256, Files.size(tableFile));
    return target;
  }

  /** Points the copy's manifest entry for the table at the new bytes. */
  private static void rewriteManifest(Path dir, String tableName, String sha256, long bytes) throws IOException {
    Path manifest = dir.resolve("manifest.json");
    ObjectNode root = (ObjectNode) JSON.readTree(manifest.toFile());
    boolean found = false;
    for (JsonNode f : root.withArray("files")) {
      if (tableName.equals(f.path("name").asText())) {
        ((ObjectNode) f).put("sha256", sha256).put("bytes", bytes);
        found = true;
      }
    }
    if (!found) throw new IOException(manifest + ": no files entry named " + tableName + " to update");
    JSON.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), root);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(p);
    }
  }
}
