package dev.scone.training.corpus;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The front door: {@code Corpus sotu = Corpora.load("sotu");} fetches the corpus into the scone
 * cache when needed (see {@link CorpusFetcher}) and reads its documents. Stateless; thread-safe.
 */
public final class Corpora {

  private Corpora() {}

  /** Loads a catalog corpus or mix by name from {@link SconeCache#corpora()}, fetching it if needed. */
  public static Corpus load(String name) throws IOException {
    CorpusFetcher fetcher = new CorpusFetcher(SconeCache.corpora());
    var mix = CorpusCatalog.mix(name);
    return mix.isPresent() ? mix.get().load(fetcher) : load(CorpusCatalog.byName(name), fetcher);
  }

  /** Loads a corpus from {@code corporaDir}, fetching it with the npm on PATH if needed. */
  public static Corpus load(CorpusSpec spec, Path corporaDir) throws IOException {
    return load(spec, new CorpusFetcher(corporaDir));
  }

  /** Loads a corpus through {@code fetcher}, fetching it if needed. */
  public static Corpus load(CorpusSpec spec, CorpusFetcher fetcher) throws IOException {
    CorpusFetcher.Result fetched = fetcher.fetch(spec);
    Path packageRoot = fetched.directory().resolve("package");
    return new Corpus(spec, fetched.directory(), spec.layout().read(packageRoot));
  }
}
