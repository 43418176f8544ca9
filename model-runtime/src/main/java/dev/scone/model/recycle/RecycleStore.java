package dev.scone.model.recycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The re-scoring recycle store: a directory of Arrow IPC files, one per document and key.
 *
 * <pre>
 * DIR/activations/FP16/DOC32-sSTRIDE.arrow   layer-k activations, keyed by the lower part's fingerprint
 * DIR/scores/BUNDLE16/DOC32-sSTRIDE.arrow    per-token log-probs, keyed by the bundle's manifest SHA-256
 * </pre>
 *
 * FP16 and BUNDLE16 are the first 16 hex digits of the fingerprint and the manifest SHA-256, DOC32
 * the first 32 of the document's token SHA-256; every file's schema metadata carries the full
 * keys and a reader serves a file only when all of them match ({@code docs/ARCHITECTURE.md},
 * "Recycle store"). A file that cannot be read or does not match is a miss: logged as a warning,
 * deleted, recomputed, never an error. Bounded: {@link #trim} deletes the least recently used
 * files (hits touch their modification time) until the directory holds at most the budget.
 *
 * <p>Not thread-safe (one per scoring subtask); several instances may share a directory: writes
 * are renamed into place, and a file deleted under a reader is only a miss.
 */
public final class RecycleStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecycleStore.class);

  static final String ACTIVATIONS_FORMAT = "scone.activations";
  static final String SCORES_FORMAT = "scone.scores";
  static final String FORMAT_VERSION = "1";
  private static final String ACTIVATION = "activation";
  private static final String LOGPROB = "logprob";

  private final Path root;
  private final long budgetBytes;
  private final BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);

  /**
   * @param root the store's directory (created on the first write)
   * @param budgetBytes {@link #trim} keeps the directory at most this large, >= 0
   */
  public RecycleStore(Path root, long budgetBytes) {
    if (budgetBytes < 0) throw new IllegalArgumentException("budget must be >= 0 bytes, got " + budgetBytes);
    this.root = root;
    this.budgetBytes = budgetBytes;
  }

  public Path root() {
    return root;
  }

  /** SHA-256 hex of {@code tokens} (tokenizer ids, little-endian int32). */
  public static String documentSha256(int[] tokens) {
    ByteBuffer bytes = ByteBuffer.allocate(tokens.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asIntBuffer().put(tokens);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  /**
   * The stored activations of a document under {@code scope}, {@code floats} values (its windows'
   * positions times d, in window order), or empty when none match.
   */
  public Optional<float[]> activations(RecycleScope scope, String docSha256, int tokens, int floats) {
    Path file = activationFile(scope, docSha256);
    if (!Files.exists(file)) return Optional.empty();
    try {
      RecycleArrow.Read<float[]> read = RecycleArrow.readRows(file, ACTIVATION, scope.dim(), allocator);
      String mismatch = mismatch(read.metadata(), activationMetadata(scope, docSha256, tokens));
      if (mismatch == null && read.values().length != floats) {
        mismatch = "holds " + read.values().length + " floats, the document's windows need " + floats;
      }
      return hit(file, mismatch, read.values());
    } catch (IOException | RuntimeException e) {
      return hit(file, "cannot be read (" + e + ")", null);
    }
  }

  /** Stores a document's activations (as {@link #activations} reads them). */
  public void saveActivations(RecycleScope scope, String docSha256, int tokens, float[] values) {
    try {
      RecycleArrow.writeRows(activationFile(scope, docSha256), ACTIVATION, scope.dim(), values,
          activationMetadata(scope, docSha256, tokens), allocator);
    } catch (IOException e) {
      LOG.warn("could not store activations under {}: {}; the document is recomputed next time", root, e.toString());
    }
  }

  /** The per-token log-probs the same bundle gave this document before, or empty. */
  public Optional<double[]> logprobs(RecycleScope scope, String docSha256, int tokens) {
    Path file = scoreFile(scope, docSha256);
    if (!Files.exists(file)) return Optional.empty();
    try {
      RecycleArrow.Read<double[]> read = RecycleArrow.readDoubles(file, LOGPROB, allocator);
      String mismatch = mismatch(read.metadata(), scoreMetadata(scope, docSha256, tokens));
      if (mismatch == null && read.values().length != Math.max(0, tokens - 1)) {
        mismatch = "holds " + read.values().length + " log-probs for a document of " + tokens + " tokens";
      }
      return hit(file, mismatch, read.values());
    } catch (IOException | RuntimeException e) {
      return hit(file, "cannot be read (" + e + ")", null);
    }
  }

  /** Stores the per-token log-probs this bundle gave a document. */
  public void saveLogprobs(RecycleScope scope, String docSha256, int tokens, double[] logprobs) {
    try {
      RecycleArrow.writeDoubles(scoreFile(scope, docSha256), LOGPROB, logprobs, scoreMetadata(scope, docSha256, tokens),
          allocator);
    } catch (IOException e) {
      LOG.warn("could not store a score under {}: {}; the document is scored again next time", root, e.toString());
    }
  }

  /**
   * Deletes the least recently used files until the store holds at most its budget.
   *
   * @return the bytes deleted
   */
  public long trim() {
    if (!Files.isDirectory(root)) return 0;
    record Entry(Path file, long bytes, FileTime used) {}
    List<Entry> entries = new ArrayList<>();
    long total = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        try {
          Entry e = new Entry(f, Files.size(f), Files.getLastModifiedTime(f));
          entries.add(e);
          total += e.bytes();
        } catch (IOException gone) {
          // deleted by another subtask meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the recycle store " + root, e);
    }
    entries.sort(Comparator.comparing(Entry::used));
    long freed = 0;
    for (Entry e : entries) {
      if (total - freed <= budgetBytes) break;
      try {
        if (Files.deleteIfExists(e.file())) freed += e.bytes();
      } catch (IOException ignored) {
        // another subtask's file in use or gone: the next trim retries
      }
    }
    return freed;
  }

  Path activationFile(RecycleScope scope, String docSha256) {
    return root.resolve("activations").resolve(scope.frozen().sha256().substring(0, 16))
        .resolve(docSha256.substring(0, 32) + "-s" + scope.stride() + ".arrow");
  }

  Path scoreFile(RecycleScope scope, String docSha256) {
    return root.resolve("scores").resolve(scope.bundleSha256().substring(0, 16))
        .resolve(docSha256.substring(0, 32) + "-s" + scope.stride() + ".arrow");
  }

  static Map<String, String> activationMetadata(RecycleScope scope, String docSha256, int tokens) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", ACTIVATIONS_FORMAT);
    m.put("format_version", FORMAT_VERSION);
    m.put("fingerprint", scope.frozen().sha256());
    m.put("table_rows_sha256", scope.frozen().tableRowsSha256());
    m.put("layer", Integer.toString(scope.layer()));
    m.put("dim", Integer.toString(scope.dim()));
    m.put("context", Integer.toString(scope.context()));
    m.put("stride", Integer.toString(scope.stride()));
    m.put("doc_sha256", docSha256);
    m.put("tokens", Integer.toString(tokens));
    return m;
  }

  static Map<String, String> scoreMetadata(RecycleScope scope, String docSha256, int tokens) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", SCORES_FORMAT);
    m.put("format_version", FORMAT_VERSION);
    m.put("bundle_sha256", scope.bundleSha256());
    m.put("context", Integer.toString(scope.context()));
    m.put("stride", Integer.toString(scope.stride()));
    m.put("doc_sha256", docSha256);
    m.put("tokens", Integer.toString(tokens));
    return m;
  }

  /** The first key whose value differs, described, or null when all match. */
  private static String mismatch(Map<String, String> found, Map<String, String> expected) {
    for (Map.Entry<String, String> e : expected.entrySet()) {
      if (!e.getValue().equals(found.get(e.getKey()))) {
        return e.getKey() + " does not match (expected " + e.getValue() + ", found " + found.get(e.getKey()) + ")";
      }
    }
    return null;
  }

  /** A match (touched, for the LRU trim) or, with a reason, a miss that is logged and deleted. */
  private static <T> Optional<T> hit(Path file, String mismatch, T values) {
    if (mismatch == null) {
      try {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
      } catch (IOException ignored) {
        // only the LRU order suffers
      }
      return Optional.of(values);
    }
    LOG.warn("ignoring recycle file {}: {}; recomputing it", file, mismatch);
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // overwritten by the recomputed file
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    allocator.close();
  }
}
