package dev.scone.fgram.arrow;

import dev.scone.fgram.files.FileSha256;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The schema metadata every scone Arrow file carries, read with errors that name the file, the
 * key, what was expected and what was found. Keys common to all formats live here; each format
 * adds its own.
 */
public final class SchemaMetadata {
  static final String FORMAT = "format";
  static final String FORMAT_VERSION = "format_version";
  public static final String VERSION = "version";
  public static final String TOKENIZER = "tokenizer";
  public static final String VOCAB_SIZE = "vocab_size";
  public static final String MAX_N = "max_n";

  /** The only format_version this code reads and writes. */
  static final String CURRENT_FORMAT_VERSION = "1";

  private final Path file;
  private final Map<String, String> values;

  public SchemaMetadata(Path file, Map<String, String> values) {
    this.file = file;
    this.values = values == null ? Map.of() : values;
  }

  /** The common keys, in a stable order, for a writer to extend. */
  public static Map<String, String> common(String format, long version, String tokenizer, int vocabSize, int maxN) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(FORMAT, format);
    m.put(FORMAT_VERSION, CURRENT_FORMAT_VERSION);
    m.put(VERSION, Long.toString(version));
    m.put(TOKENIZER, tokenizer);
    m.put(VOCAB_SIZE, Integer.toString(vocabSize));
    m.put(MAX_N, Integer.toString(maxN));
    return m;
  }

  /** Refuses a file of another format, or of a format_version this code does not read. */
  public void requireFormat(String format) throws TableFormatException {
    String found = values.get(FORMAT);
    if (!format.equals(found)) {
      throw new TableFormatException(
          file, "wrong format (expected '" + format + "', found " + quoted(found) + ")");
    }
    String version = values.get(FORMAT_VERSION);
    if (!CURRENT_FORMAT_VERSION.equals(version)) {
      throw new TableFormatException(
          file, "unsupported format_version (expected " + CURRENT_FORMAT_VERSION + ", found " + quoted(version) + ")");
    }
  }

  public String string(String key) throws TableFormatException {
    String v = values.get(key);
    if (v == null) throw new TableFormatException(file, "schema metadata lacks '" + key + "'");
    return v;
  }

  public long longValue(String key, long min) throws TableFormatException {
    String v = string(key);
    long parsed;
    try {
      parsed = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new TableFormatException(file, "metadata '" + key + "' is not an integer (found '" + v + "')");
    }
    if (parsed < min) {
      throw new TableFormatException(file, "metadata '" + key + "' must be >= " + min + " (found " + parsed + ")");
    }
    return parsed;
  }

  public int intValue(String key, int min) throws TableFormatException {
    long v = longValue(key, min);
    if (v > Integer.MAX_VALUE) {
      throw new TableFormatException(
          file, "metadata '" + key + "' must be <= " + Integer.MAX_VALUE + " (found " + v + ")");
    }
    return (int) v;
  }

  /** A SHA-256 hex value, lowercase; {@code allowEmpty} for "unknown". */
  public String sha256(String key, boolean allowEmpty) throws TableFormatException {
    String v = string(key);
    if (allowEmpty && v.isEmpty()) return v;
    if (!FileSha256.isHex(v)) {
      throw new TableFormatException(
          file, "metadata '" + key + "' is not a SHA-256 (expected 64 hex digits, found " + quoted(v) + ")");
    }
    return v.toLowerCase(java.util.Locale.ROOT);
  }

  private static String quoted(String s) {
    if (s == null) return "none";
    return "'" + (s.length() <= 80 ? s : s.substring(0, 80) + "…") + "'";
  }
}
