package dev.scone.training.corpus;

import dev.scone.training.data.DocumentDigest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A loaded corpus: its documents in the catalog's deterministic order, and that order's
 * restriction to each {@link Split}. Immutable and thread-safe; lists are unmodifiable.
 */
public final class Corpus {

  private final CorpusSpec spec;
  private final Path directory;
  private final List<Document> documents;
  private final Map<Split, List<Document>> bySplit;

  /**
   * @throws IllegalArgumentException when two documents share an id (splits are by id)
   */
  public Corpus(CorpusSpec spec, Path directory, List<Document> documents) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.documents = List.copyOf(documents);
    Set<String> ids = new HashSet<>();
    Map<Split, List<Document>> split = new EnumMap<>(Split.class);
    for (Split s : Split.values()) {
      split.put(s, new ArrayList<>());
    }
    for (Document d : this.documents) {
      if (!ids.add(d.id())) {
        throw new IllegalArgumentException("corpus " + spec.name() + ": document id '" + d.id()
            + "' occurs twice; ids must be unique");
      }
      split.get(Split.of(d.id())).add(d);
    }
    split.replaceAll((s, list) -> List.copyOf(list));
    this.bySplit = split;
  }

  /**
   * A corpus that no npm pin names (a directory of texts, a mix of corpora): its "version" is a
   * prefix of its documents' SHA-256 and its digest the whole, so token files cached for one set of
   * documents are never read for another.
   *
   * @param source where the documents came from, in the spec's package field (e.g. {@code local:DIR})
   */
  public static Corpus ofDocuments(String name, String source, String description, Path directory,
      List<Document> documents) {
    List<Document> fixed = List.copyOf(documents);
    String sha256 = DocumentDigest.of(fixed);
    CorpusSpec spec = new CorpusSpec(name, source, sha256.substring(0, 12), sha256, description, root -> fixed);
    return new Corpus(spec, directory, fixed);
  }

  public String name() {
    return spec.name();
  }

  public CorpusSpec spec() {
    return spec;
  }

  /** The directory the corpus was read from (holds {@code package/} and the marker). */
  public Path directory() {
    return directory;
  }

  /** All documents, in the corpus's deterministic order. */
  public List<Document> documents() {
    return documents;
  }

  /** The documents of one split, in corpus order. */
  public List<Document> documents(Split split) {
    return bySplit.get(split);
  }

  /** Whitespace-separated words in one split; O(characters in the split). */
  public long wordCount(Split split) {
    long words = 0;
    for (Document d : documents(split)) {
      words += d.wordCount();
    }
    return words;
  }
}
