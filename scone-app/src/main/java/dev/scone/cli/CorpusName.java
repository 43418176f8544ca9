package dev.scone.cli;

import dev.scone.training.corpus.CorpusCatalog;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a {@code --corpus} option: the name of a corpus or a mix in {@link CorpusCatalog}, checked when the
 * arguments are parsed, so an unknown name is a usage error naming the known ones, before any work.
 * (picocli reports a failed conversion of a positional parameter as an unmatched argument:
 * {@code corpus fetch NAME...} checks its names itself.)
 */
public final class CorpusName implements ITypeConverter<String> {

  /**
   * Every command's {@code --corpus} default (CLI conventions: a shared option has one default):
   * the benchmarks' figures are measured on it, and the reports trained on the mix say so.
   */
  public static final String DEFAULT = "sotu";

  /** What every {@code --corpus} help says it accepts, after the option's own first words. */
  public static final String ACCEPTED = "sotu, moby-dick, mix or another name `scone corpus list` shows";

  @Override
  public String convert(String value) {
    try {
      return CorpusCatalog.checkName(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
