package dev.scone.training.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scone.fgram.files.FileTrees;
import dev.scone.fgram.table.EmbeddingTable;
import dev.scone.fgram.table.EmbeddingTableWriter;
import dev.scone.model.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A control bundle: a copy of a SCONE bundle whose table keeps its token rows ({@code 0..V-1}) and
 * gets new f-gram rows ({@code V..V+|F|-1}) from a rule. The copy's manifest gets the new table's
 * SHA-256 and size (nothing else changes: the table's metadata must keep naming the same model
 * version), so it opens verified like any bundle. Not thread-safe; writes only under {@code target}.
 */
final class ControlTable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ControlTable() {}

  /**
   * Writes the copy of {@code source} into {@code target} (replaced if present), f-gram row i taken
   * from {@code fgramRow.apply(i)}; returns {@code target}.
   */
  static Path write(ModelBundle source, Path target, IntFunction<float[]> fgramRow) throws IOException {
    FileTrees.delete(target);
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
    String sha256;
    try (EmbeddingTableWriter writer = EmbeddingTableWriter.create(tableFile, table.metadata())) {
      for (int r = 0; r < v; r++) writer.append(table.row(r));
      for (int i = 0; i < table.rows() - v; i++) writer.append(fgramRow.apply(i));
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
}
