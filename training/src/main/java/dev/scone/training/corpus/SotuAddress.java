package dev.scone.training.corpus;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metadata a SOTU document id carries ({@code 1790_george_washington_n}): the year, the
 * president as a lower-case slug ({@code george_washington}) and the package's party code
 * ({@code n}, {@code f}, {@code dr}, {@code d}, {@code w}, {@code wd}, {@code r}, {@code nu}).
 * Immutable; no component is null.
 */
public record SotuAddress(int year, String president, String party, Document document) {

  private static final Pattern ID = Pattern.compile("(\\d{4})_([a-z_]+)_([a-z]+)");

  public SotuAddress {
    Objects.requireNonNull(president, "president");
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(document, "document");
  }

  /**
   * The address a {@code sotu} document holds.
   *
   * @throws IllegalArgumentException when the id is not {@code YEAR_president_party}
   */
  public static SotuAddress of(Document document) {
    Matcher m = parseId(document.id());
    return new SotuAddress(Integer.parseInt(m.group(1)), m.group(2), m.group(3), document);
  }

  static Matcher parseId(String id) {
    Matcher m = ID.matcher(id);
    if (!m.matches()) {
      throw new IllegalArgumentException("SOTU document id '" + id
          + "': expected YEAR_president_party, e.g. 1790_george_washington_n");
    }
    return m;
  }
}
