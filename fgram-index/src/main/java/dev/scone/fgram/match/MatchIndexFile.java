package dev.scone.fgram.match;

import dev.scone.fgram.arrow.TableFormatException;
import dev.scone.fgram.files.FileSha256;
import dev.scone.fgram.files.StagedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * The matcher's index as a file ({@code match.index} in a bundle): written once at publish time,
 * memory-mapped at load, so opening costs a header read and a few mappings, the OS pages the
 * index in as lookups touch it, and none of it is on the Java heap. Same answers as {@link
 * FgramMatcher#build}: the bytes are what the in-memory build lays out, in a file.
 *
 * <p>Format (version 1), little-endian: a {@value #HEADER_BYTES}-byte header, then the
 * {@link IndexLayout}'s longs (filter words, then the tables of lengths 0..maxN).
 * <pre>
 *   0  8 B   magic "SCONEMIX"
 *   8  int32 format_version (1)
 *  12  int32 vocab_size (V)      16 int32 max_n      20 int32 fgrams (|F|)
 *  24  int64 longs (filter + tables; the file is HEADER_BYTES + 8 * longs bytes)
 *  32  64 B  vocab_sha256, ASCII hex of the vocab.arrow the index was built from
 *  96  int32 x (max_n + 1): f-grams of each length 0..max_n
 * </pre>
 * The reader derives offsets, strides and capacities from these numbers as the writer did, and
 * refuses a file whose size, V, maxN, |F| or vocabulary digest is not what it expects. The file's
 * own SHA-256 travels beside it (a sidecar, a bundle manifest), as for the Arrow files.
 */
public final class MatchIndexFile {
  /** The file's name inside a bundle. */
  public static final String NAME = "match.index";
  static final int FORMAT_VERSION = 1;
  /** One page: the data starts page-aligned. */
  static final int HEADER_BYTES = 4096;
  private static final byte[] MAGIC = "SCONEMIX".getBytes(StandardCharsets.US_ASCII);

  private MatchIndexFile() {}

  /** Bytes of the index file of {@code rows} (one pass over their lengths); for disk checks before writing. */
  public static long fileBytes(FgramRows rows) {
    return HEADER_BYTES + 8 * IndexLayout.of(rows).totalLongs();
  }

  /**
   * Builds the index of {@code rows} straight into {@code target} (mapped, never on the heap) and
   * publishes it atomically with a {@code .sha256} sidecar.
   *
   * @param vocabSha256 SHA-256 hex of the vocabulary file the rows come from
   * @return the SHA-256 hex of the written file
   */
  public static String write(FgramRows rows, String vocabSha256, Path target) throws IOException {
    String vocabSha = FileSha256.requireHex("vocabSha256", vocabSha256);
    IndexLayout layout = IndexLayout.of(rows);
    long longs = layout.totalLongs();
    Path temp = StagedFile.tempFileBeside(target);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        ByteBuffer header = header(layout, longs, vocabSha);
        while (header.hasRemaining()) channel.write(header, header.position());
        writeRegions(rows, layout, channel);
      }
      return StagedFile.publishWritten(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * The filter, then each length's table, built in native memory one at a time and written
   * sequentially: building in a mapped file instead made the kernel write back and re-fault pages
   * under the random inserts (over 8 min for 100 M f-grams on a shared 2-core machine). Peak
   * memory is the largest region, not the index; one pass over the rows per region.
   */
  private static void writeRegions(FgramRows rows, IndexLayout layout, FileChannel channel) throws IOException {
    SuffixKeys keys = layout.keys();
    for (int region = 1; region <= layout.maxN(); region++) { // 1: the filter; k >= 2: table k
      long first = region == 1 ? 0 : layout.tableOffset(keys, region);
      long count = region == 1 ? layout.filterLongs() : layout.tableLongs(keys, region);
      SlotMemory window = SlotMemory.allocateWindow(first, count);
      new FgramIndex(layout, window).insert(rows, region == 1, region == 1 ? 0 : region);
      window.writeTo(channel, HEADER_BYTES + 8 * first, first, count);
    }
  }

  private static ByteBuffer header(IndexLayout layout, long longs, String vocabSha) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putInt(FORMAT_VERSION).putInt(layout.vocabSize()).putInt(layout.maxN()).putInt(layout.size())
        .putLong(longs).put(vocabSha.getBytes(StandardCharsets.US_ASCII));
    for (int n : layout.perLength()) b.putInt(n);
    return b.rewind();
  }

  /** What a reader expects of an index file; a null field is not checked. */
  public record Expectation(String fileSha256, Integer vocabSize, Integer maxN, Integer fgrams, String vocabSha256) {
    /** Nothing checked beyond the format (and the sidecar's digest, when there is one). */
    public static final Expectation NONE = new Expectation(null, null, null, null, null);
  }

  /**
   * Maps {@code file} and returns the matcher over it. Verifies the file's SHA-256 against the
   * expectation's (else against the sidecar, if any) when {@code verify}; that reads the whole
   * file once, which also brings it into the page cache. Without it, opening reads the header only.
   *
   * @throws TableFormatException naming the file and what did not match
   */
  public static FgramMatcher open(Path file, Expectation expected, boolean verify) throws IOException {
    return open(file, expected, verify, SlotMemory.DEFAULT_SEGMENT_SHIFT);
  }

  /** As {@link #open(Path, Expectation, boolean)} with mapped segments of 2^segmentShift longs (tests: small). */
  static FgramMatcher open(Path file, Expectation expected, boolean verify, int segmentShift) throws IOException {
    Objects.requireNonNull(expected, "expected");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      if (verify) FileSha256.verify(file, channel, expected.fileSha256());
      IndexLayout layout = readHeader(file, channel, expected);
      SlotMemory memory = SlotMemory.map(channel, HEADER_BYTES, layout.totalLongs(), segmentShift, false);
      return FgramMatcher.over(new FgramIndex(layout, memory)); // the mappings outlive the channel
    }
  }

  private static IndexLayout readHeader(Path file, FileChannel channel, Expectation expected) throws IOException {
    if (!MemoryUtil.LITTLE_ENDIAN) throw new TableFormatException(file, "index files are read on little-endian CPUs only");
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining() && channel.read(b, b.position()) > 0) {
      // positional reads until the header is full or the file ends
    }
    if (b.hasRemaining()) throw new TableFormatException(file, "shorter than the " + HEADER_BYTES + "-byte header");
    b.flip();
    byte[] magic = new byte[MAGIC.length];
    b.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) throw new TableFormatException(file, "not a scone match index (bad magic)");
    int version = b.getInt();
    if (version != FORMAT_VERSION) {
      throw new TableFormatException(file, "format_version " + version + " (this reader knows " + FORMAT_VERSION + ")");
    }
    int vocabSize = b.getInt();
    int maxN = b.getInt();
    int fgrams = b.getInt();
    long longs = b.getLong();
    byte[] sha = new byte[64];
    b.get(sha);
    String vocabSha = new String(sha, StandardCharsets.US_ASCII);
    require(file, "vocab_size", expected.vocabSize(), vocabSize);
    require(file, "max_n", expected.maxN(), maxN);
    require(file, "fgrams", expected.fgrams(), fgrams);
    require(file, "vocab_sha256", expected.vocabSha256() == null ? null : expected.vocabSha256().toLowerCase(), vocabSha);
    if (maxN < 2 || 96 + 4L * (maxN + 1) > HEADER_BYTES) throw new TableFormatException(file, "max_n " + maxN + " out of range");
    int[] perLength = new int[maxN + 1];
    for (int k = 0; k <= maxN; k++) perLength[k] = b.getInt();
    IndexLayout layout;
    try {
      layout = new IndexLayout(vocabSize, maxN, fgrams, perLength);
    } catch (IllegalArgumentException e) {
      throw new TableFormatException(file, "inconsistent header: " + e.getMessage());
    }
    long wantBytes = HEADER_BYTES + 8 * layout.totalLongs();
    if (longs != layout.totalLongs() || channel.size() != wantBytes) {
      throw new TableFormatException(file, "size does not match its header (expected " + wantBytes + " bytes, found "
          + channel.size() + ")");
    }
    return layout;
  }

  private static void require(Path file, String what, Object expected, Object found) throws TableFormatException {
    if (expected != null && !expected.equals(found)) {
      throw new TableFormatException(file, what + " does not match (expected " + expected + ", found " + found + ")");
    }
  }
}
