package dev.scone.training.corpus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A corpus made of catalog corpora, trained on as one: every part's documents, each keeping its own
 * id and so its own {@link Split}. A part's test split is therefore the same inside the mix as alone,
 * and scoring it never scores a trained-on document.
 *
 * <p>The parts are interleaved in proportion to their sizes (each part's documents in their own
 * order): the next document comes from the part that has given the smallest share of its characters
 * so far. So every prefix of the mix, and of each split, holds the parts about as the whole does;
 * tuning, which scores the first tokens of the validation split, sees all of them, not only the
 * first part.
 *
 * <p>The loaded corpus's "version" follows its documents ({@link Corpus#ofDocuments}), so token
 * files cached for one composition are never reused for another. Immutable.
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
    List<List<Document>> loaded = new ArrayList<>();
    for (CorpusSpec part : parts) loaded.add(Corpora.load(part, fetcher).documents());
    String packages = parts.stream().map(CorpusSpec::packageSpec).distinct().collect(Collectors.joining(" + "));
    return Corpus.ofDocuments(name, "mix:" + packages, description, fetcher.directory(parts.get(0)), interleave(loaded));
  }

  /** The documents of {@code parts} interleaved in proportion to each part's characters (ties: the earlier part). */
  static List<Document> interleave(List<List<Document>> parts) {
    int n = parts.size();
    long[] total = new long[n];
    long[] given = new long[n];
    int[] next = new int[n];
    int count = 0;
    for (int p = 0; p < n; p++) {
      for (Document d : parts.get(p)) total[p] += d.text().length();
      count += parts.get(p).size();
    }
    List<Document> out = new ArrayList<>(count);
    while (out.size() < count) {
      int pick = -1;
      for (int p = 0; p < n; p++) {
        if (next[p] == parts.get(p).size()) continue;
        // given[p] / total[p] < given[pick] / total[pick], without division (total > 0 while documents remain)
        if (pick < 0 || (double) given[p] * total[pick] < (double) given[pick] * total[p]) pick = p;
      }
      Document d = parts.get(pick).get(next[pick]++);
      given[pick] += d.text().length();
      out.add(d);
    }
    return out;
  }
}
