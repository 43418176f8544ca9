package dev.scone.training.data;

import dev.scone.training.corpus.Document;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 of a list of documents, ids and texts in order, each length-prefixed so no two
 * different lists hash the same bytes. It keys a token file to the exact text it was made from.
 * Stateless and thread-safe; O(characters).
 */
public final class DocumentDigest {

  private DocumentDigest() {}

  /** Lower-case hex SHA-256 over (id length, id UTF-8, text length, text UTF-8) per document. */
  public static String of(List<Document> documents) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
    for (Document d : documents) {
      update(digest, d.id().getBytes(StandardCharsets.UTF_8));
      update(digest, d.text().getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void update(MessageDigest digest, byte[] bytes) {
    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.length).array());
    digest.update(bytes);
  }
}
