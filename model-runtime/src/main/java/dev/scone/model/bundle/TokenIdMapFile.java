package dev.scone.model.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.scone.model.TokenIdMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bundle's {@code token_ids.json}: the model's {@link TokenIdMap} as both lookup arrays, so
 * a bundle is self-contained whatever class built the map (compacted or identity):
 *
 * <pre>{@code
 * {"format": "scone.token_ids", "format_version": 1,
 *  "tokenizer_vocab_size": V, "model_vocab_size": M,
 *  "to_model": [V ints in [0, M)], "to_tokenizer": [M ints in [0, V)]}
 * }</pre>
 *
 * JSON rather than Arrow because the two arrays have different lengths and are small (about 6
 * bytes a token: 0.6 MB for GPT-2's 50,257 ids twice). Integrity is the manifest's checksum; the
 * reader checks shape and ranges. Stateless and thread-safe.
 */
public final class TokenIdMapFile {
  public static final String NAME = "token_ids.json";
  static final String FORMAT = "scone.token_ids";
  static final int FORMAT_VERSION = 1;

  /** The file's JSON object. */
  record Json(String format, int formatVersion, int tokenizerVocabSize, int modelVocabSize, int[] toModel,
      int[] toTokenizer) {}

  private TokenIdMapFile() {}

  /** Writes {@code map}'s answers for every id to {@code file}. */
  public static void write(TokenIdMap map, Path file) throws IOException {
    ArrayTokenIdMap arrays = ArrayTokenIdMap.copyOf(map);
    Json json = new Json(FORMAT, FORMAT_VERSION, arrays.tokenizerVocabSize(), arrays.modelVocabSize(),
        arrays.toModelArray(), arrays.toTokenizerArray());
    BundleJson.writeFile(json, file);
  }

  /**
   * Reads {@code file}.
   *
   * @throws IllegalArgumentException naming what is malformed, of another format or out of range
   */
  static TokenIdMap read(Path file) throws IOException {
    Json json;
    try {
      json = BundleJson.readFile(file, Json.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a token id map: " + BundleJson.why(e), e);
    }
    if (!FORMAT.equals(json.format()) || json.formatVersion() != FORMAT_VERSION) {
      throw new IllegalArgumentException("wrong format (expected " + FORMAT + " version " + FORMAT_VERSION
          + ", found " + json.format() + " version " + json.formatVersion() + ")");
    }
    requireLength("to_model", json.toModel(), json.tokenizerVocabSize());
    requireLength("to_tokenizer", json.toTokenizer(), json.modelVocabSize());
    return ArrayTokenIdMap.of(json.toModel(), json.toTokenizer());
  }

  private static void requireLength(String name, int[] values, int expected) {
    if (values == null || values.length != expected) {
      throw new IllegalArgumentException(name + " has " + (values == null ? "no" : values.length)
          + " entries; the header says " + expected);
    }
  }
}
