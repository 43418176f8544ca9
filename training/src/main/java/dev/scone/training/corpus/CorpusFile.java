package dev.scone.training.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded corpus written to one JSON file and read back as an equal corpus (same name, version,
 * documents in the same order, so the same splits and token-cache keys), for a JVM that cannot load
 * it the way its parent did: a generated corpus, or a catalog one read from another cache. Stateless.
 */
public final class CorpusFile {

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private CorpusFile() {}

  /** What is written: the spec's labels (its layout is code, and is replaced by the documents). */
  private record Snapshot(String name, String npmPackage, String version, String sha256, String description,
      String directory, List<Document> documents) {}

  public static void write(Corpus corpus, Path file) throws IOException {
    CorpusSpec spec = corpus.spec();
    Files.createDirectories(file.toAbsolutePath().getParent());
    JSON.writeValue(file.toFile(), new Snapshot(spec.name(), spec.npmPackage(), spec.version(), spec.sha256(),
        spec.description(), corpus.directory().toString(), corpus.documents()));
  }

  /** The corpus {@link #write} wrote; its spec's layout returns the stored documents. */
  public static Corpus read(Path file) throws IOException {
    Snapshot s = JSON.readValue(file.toFile(), Snapshot.class);
    List<Document> documents = List.copyOf(s.documents());
    CorpusSpec spec = new CorpusSpec(s.name(), s.npmPackage(), s.version(), s.sha256(), s.description(),
        root -> documents);
    return new Corpus(spec, Path.of(s.directory()), documents);
  }
}
