package dev.scone.model.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JSON conventions of bundle files and messages: snake_case keys, every constructor field
 * required and non-null unless the record says otherwise. Files ({@link #FILES}) are indented and
 * strict about unknown keys (a checksummed file holds exactly what its writer wrote); messages
 * ({@link #MESSAGES}) are one line and ignore unknown keys, so a newer producer's extra fields do
 * not break an older consumer of the same schema_version.
 */
public final class BundleJson {
  static final ObjectMapper FILES = base()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  static final ObjectMapper MESSAGES = base()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private BundleJson() {}

  private static JsonMapper.Builder base() {
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** Writes a record as a file in these conventions (a training job's request, a token-id map). */
  public static void writeFile(Object value, Path file) throws IOException {
    Files.write(file, FILES.writeValueAsBytes(value));
  }

  /**
   * The record {@link #writeFile} wrote.
   *
   * @throws IOException when the file cannot be read, or names a missing, unknown or invalid field
   */
  public static <T> T readFile(Path file, Class<T> type) throws IOException {
    return FILES.readValue(file.toFile(), type);
  }

  /**
   * A caller's record (training config, eval results) as a JSON tree with snake_case keys, like
   * the rest of the manifest; a JsonNode is copied as it is; null becomes JSON null.
   *
   * @throws IllegalArgumentException when Jackson cannot serialise it
   */
  public static JsonNode tree(Object value) {
    if (value == null) return NullNode.getInstance();
    if (value instanceof JsonNode) return ((JsonNode) value).deepCopy();
    try {
      return FILES.valueToTree(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot write " + value.getClass().getName() + " as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * The record {@link #tree} wrote, read back as {@code type}.
   *
   * @throws IllegalArgumentException naming the missing, unknown or invalid field
   */
  static <T> T value(JsonNode tree, Class<T> type) {
    try {
      return FILES.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot read " + type.getName() + " from JSON: " + why(e), e);
    }
  }

  /** Why Jackson refused some JSON, in one line: a constructor's own message where it threw. */
  static String why(JsonProcessingException e) {
    return e.getCause() instanceof IllegalArgumentException ? e.getCause().getMessage() : e.getOriginalMessage();
  }
}
