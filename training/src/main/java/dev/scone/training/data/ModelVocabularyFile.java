package dev.scone.training.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.files.StagedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The model vocabulary as a small JSON file ({@code model_vocab.json}, a few hundred KB at most):
 * <pre>{"format": "scone.model_vocab", "format_version": 1, "tokenizer": "gpt2",
 *  "tokenizer_vocab_size": 50257, "min_count": 1, "size": 20001, "unk_id": 20000,
 *  "tokens": [0, 1, 2, 5, ...]}</pre>
 * {@code tokens} are the kept tokenizer ids; the model id of {@code tokens[i]} is i. Version 2
 * (most frequent first; {@code min_count} 0 with {@code unk_id} -1 for the full vocabulary)
 * also reads version 1 files, whose tokens were ascending and always had an UNK.
 * JSON rather than Arrow because it is one short list read once per bundle, and readable by eye.
 *
 * <p>Written atomically with a {@code .sha256} sidecar; reading verifies the sidecar when there
 * is one and refuses a file whose fields disagree. Stateless and thread-safe.
 */
public final class ModelVocabularyFile {

  public static final String FORMAT = "scone.model_vocab";
  static final int FORMAT_VERSION = 2;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
      .build();

  /** The file's fields, in the order written. */
  record Json(String format, int formatVersion, String tokenizer, int tokenizerVocabSize,
      int minCount, int size, int unkId, int[] tokens) {}

  private ModelVocabularyFile() {}

  /** Publishes {@code vocab} at {@code file}; returns the file's SHA-256 hex. */
  public static String write(ModelVocabulary vocab, Path file) throws IOException {
    byte[] bytes = toJson(vocab).getBytes(StandardCharsets.UTF_8);
    try (StagedFile staged = StagedFile.create(file)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) staged.channel().write(buffer);
      return staged.commit();
    }
  }

  /**
   * Reads {@code file}.
   *
   * @throws TableFormatException when it is missing, damaged (sidecar mismatch), of another
   *     format or version, or its fields disagree
   */
  public static ModelVocabulary read(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TableFormatException(file, "does not exist", e);
    }
    Optional<String> want = FileSha256.readSidecar(file);
    if (want.isPresent()) {
      String found = FileSha256.of(file);
      if (!found.equals(want.get())) {
        throw new TableFormatException(file, "sha256 does not match its sidecar (expected "
            + want.get() + ", found " + found + ")");
      }
    }
    Json json;
    try {
      json = JSON.readValue(bytes, Json.class);
    } catch (JsonProcessingException e) {
      throw new TableFormatException(file, "not a model vocabulary: " + e.getOriginalMessage(), e);
    }
    return fromJson(file, json);
  }

  private static ModelVocabulary fromJson(Path file, Json json) throws TableFormatException {
    if (!FORMAT.equals(json.format()) || json.formatVersion() < 1 || json.formatVersion() > FORMAT_VERSION) {
      throw new TableFormatException(file, "wrong format (expected " + FORMAT + " version 1 to "
          + FORMAT_VERSION + ", found " + json.format() + " version " + json.formatVersion() + ")");
    }
    ModelVocabulary vocab;
    try {
      vocab = new ModelVocabulary(
          json.tokenizer(), json.tokenizerVocabSize(), json.minCount(), json.tokens());
    } catch (IllegalArgumentException e) {
      throw new TableFormatException(file, "invalid model vocabulary: " + e.getMessage(), e);
    }
    if (vocab.size() != json.size() || vocab.unkId() != json.unkId()) {
      throw new TableFormatException(file, "size " + json.size() + " and unk_id " + json.unkId()
          + " disagree with its " + json.tokens().length + " tokens (expected size "
          + vocab.size() + ", unk_id " + vocab.unkId() + ")");
    }
    return vocab;
  }

  /** The JSON text of {@code vocab} (for bundles that embed it). */
  public static String toJson(ModelVocabulary vocab) {
    try {
      return new String(JSON.writeValueAsBytes(new Json(FORMAT, FORMAT_VERSION, vocab.tokenizer(),
          vocab.tokenizerVocabSize(), vocab.minCount(), vocab.size(), vocab.unkId(),
          vocab.keptTokens())), StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + vocab + " as JSON", e);
    }
  }
}
