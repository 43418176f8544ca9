package dev.scone.model.bundle;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Directory names of published versions, {@code v000001}, {@code v000002}, ... (zero-padded to
 * six digits so they sort by name too; longer past a million), and of publishes in progress,
 * {@code .staging-v000003-<random>}, which readers never list.
 */
public final class BundleVersions {
  public static final String STAGING_PREFIX = ".staging-";
  private static final Pattern PUBLISHED = Pattern.compile("v(\\d{6,18})");

  private BundleVersions() {}

  public static String name(long version) {
    if (version < 1) throw new IllegalArgumentException("bundle versions start at 1, got " + version);
    return String.format("v%06d", version);
  }

  /** The version a published directory's name stands for, or empty for any other name. */
  static OptionalLong parse(String name) {
    Matcher m = PUBLISHED.matcher(name);
    if (!m.matches()) return OptionalLong.empty();
    long v = Long.parseLong(m.group(1));
    return v >= 1 && name.equals(name(v)) ? OptionalLong.of(v) : OptionalLong.empty();
  }

  public static boolean isStaging(String name) {
    return name.startsWith(STAGING_PREFIX);
  }
}
