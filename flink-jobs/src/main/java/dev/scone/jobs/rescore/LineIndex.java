package dev.scone.jobs.rescore;

import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where every line of some files starts: line {@code i} overall is {@link #file}(i)'s line
 * {@link #lineInFile}(i), bytes {@code [start, end)} without the newline. A last line without a
 * trailing newline counts; a trailing {@code \r} is left to the parser (JSON ignores it).
 *
 * <p>Costs one sequential read of the files and 8 bytes per line. Immutable once built;
 * thread-safe.
 */
final class LineIndex {
  private final List<Path> files;
  private final long[] firstLine; // (files + 1) global index of each file's first line
  private final long[][] starts; // per file: (lines + 1) byte offsets; the last is the end

  private LineIndex(List<Path> files, long[] firstLine, long[][] starts) {
    this.files = files;
    this.firstLine = firstLine;
    this.starts = starts;
  }

  /** Scans {@code files} in order. */
  static LineIndex of(List<Path> files) throws IOException {
    long[] first = new long[files.size() + 1];
    long[][] starts = new long[files.size()][];
    for (int f = 0; f < files.size(); f++) {
      starts[f] = scan(files.get(f));
      first[f + 1] = first[f] + starts[f].length - 1;
    }
    return new LineIndex(List.copyOf(files), first, starts);
  }

  private static long[] scan(Path file) throws IOException {
    LongArrayList offsets = new LongArrayList();
    offsets.add(0);
    long pos = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        for (int i = 0; i < n; i++) if (buf[i] == '\n') offsets.add(pos + i + 1);
        pos += n;
      }
    } catch (IOException e) {
      throw new IOException("cannot read input file " + file + ": " + e.getMessage(), e);
    }
    if (offsets.getLong(offsets.size() - 1) != pos) offsets.add(pos + 1); // last line has no '\n'
    return offsets.toLongArray();
  }

  /** Lines in all files. */
  long lines() {
    return firstLine[files.size()];
  }

  /** Index into the file list of global line {@code line}. */
  int file(long line) {
    int lo = 0;
    int hi = files.size() - 1;
    while (lo < hi) { // last file whose first line <= line
      int mid = (lo + hi + 1) >>> 1;
      if (firstLine[mid] <= line) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  Path path(int file) {
    return files.get(file);
  }

  /** 0-based line number of {@code line} inside its file. */
  int lineInFile(long line) {
    return (int) (line - firstLine[file(line)]);
  }

  /** Byte offset where the line starts. */
  long start(int file, int lineInFile) {
    return starts[file][lineInFile];
  }

  /** Bytes of the line without its newline. */
  int length(int file, int lineInFile) {
    return (int) (starts[file][lineInFile + 1] - 1 - starts[file][lineInFile]);
  }
}
