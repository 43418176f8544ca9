package dev.scone.training.corpus;

import dev.scone.training.data.DocumentDigest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A corpus made of catalog corpora, trained on as one: every part's documents, in part order, each
 * keeping its own id and so its own {@link Split}. A part's test split is therefore the same inside
 * the mix as alone, and scoring it never scores a trained-on document.
 *
 * <p>The loaded corpus's "version" is a prefix of the documents' SHA-256 (as for
 * {@link TextDirectory}), so token files cached for one composition are never reused for another.
 * Immutable.
 *
 * @param name the mix's name, in the corpus namespace ({@code --corpus mix})
 * @param description one line for listings and reports
 * @param parts the corpora, fetched and verified like any other
 */
public record CorpusMix(String name, String description, List<CorpusSpec> parts) {

  public CorpusMix {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    parts = List.copyOf(parts);
    if (parts.isEmpty()) throw new IllegalArgumentException("mix " + name + ": expected at least one part");
  }

  /**
   * Fetches the parts that are not cached yet and loads them as one corpus.
   *
   * @throws IllegalArgumentException when two parts hold a document of the same id
   */
  public Corpus load(CorpusFetcher fetcher) throws IOException {
    List<Document> documents = new ArrayList<>();
    for (CorpusSpec part : parts) documents.addAll(Corpora.load(part, fetcher).documents());
    String sha256 = DocumentDigest.of(documents);
    String packages = parts.stream().map(CorpusSpec::packageSpec).distinct().collect(Collectors.joining(" + "));
    List<Document> fixed = List.copyOf(documents);
    CorpusSpec spec = new CorpusSpec(name, "mix:" + packages, sha256.substring(0, 12), sha256, description, root -> fixed);
    return new Corpus(spec, fetcher.directory(parts.get(0)), fixed);
  }
}
