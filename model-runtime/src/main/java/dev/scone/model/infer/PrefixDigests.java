package dev.scone.model.infer;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Chained SHA-256 digests of a sequence's blocks: block b's digest hashes block b-1's digest and
 * block b's tokens, so it stands for every token up to the block's end. A 256-bit digest makes two
 * different prefixes sharing a key practically impossible, so a hit is the same prefix (vLLM's
 * prefix caching keys its blocks the same way).
 */
final class PrefixDigests {

  private PrefixDigests() {}

  /** The digests of the first {@code blocks} whole blocks of {@code blockTokens} tokens. */
  static byte[][] of(int[] tokens, int blockTokens, int blocks) {
    if ((long) blocks * blockTokens > tokens.length) {
      throw new IllegalArgumentException(blocks + " blocks of " + blockTokens + " tokens need more than the "
          + tokens.length + " tokens given");
    }
    MessageDigest sha = sha256();
    ByteBuffer buf = ByteBuffer.allocate(blockTokens * Integer.BYTES);
    byte[][] out = new byte[blocks][];
    for (int b = 0; b < blocks; b++) {
      if (b > 0) sha.update(out[b - 1]);
      buf.clear();
      for (int i = b * blockTokens; i < (b + 1) * blockTokens; i++) buf.putInt(tokens[i]);
      sha.update(buf.array());
      out[b] = sha.digest(); // also resets
    }
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
