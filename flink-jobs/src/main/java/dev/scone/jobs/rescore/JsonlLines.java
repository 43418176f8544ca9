package dev.scone.jobs.rescore;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The lines of JSONL files as a checkpointed bounded source: Flink's {@code DataGeneratorSource}
 * hands out line numbers {@code [0, lines)} (split over the subtasks, each split's position in
 * the checkpoint) and this function reads line {@code i}, so a restored job resumes at the line
 * after the last checkpoint. (This project has no flink-connector-files, whose FileSource would
 * otherwise do this.)
 *
 * <p>Each subtask indexes the files in {@code open} ({@link LineIndex}); a line is one seek and
 * one read. Not thread-safe: one instance per subtask.
 */
final class JsonlLines implements GeneratorFunction<Long, RawRecord> {
  private final List<String> paths;
  private transient LineIndex index;
  private transient RandomAccessFile[] open;

  JsonlLines(List<Path> files) {
    this.paths = new ArrayList<>();
    for (Path f : files) paths.add(f.toAbsolutePath().toString());
  }

  @Override
  public void open(SourceReaderContext context) throws IOException {
    index = LineIndex.of(files());
    open = new RandomAccessFile[paths.size()];
  }

  List<Path> files() {
    return paths.stream().map(Path::of).toList();
  }

  @Override
  public RawRecord map(Long line) throws IOException {
    int f = index.file(line);
    int inFile = index.lineInFile(line);
    if (open[f] == null) open[f] = new RandomAccessFile(paths.get(f), "r");
    byte[] bytes = new byte[index.length(f, inFile)];
    open[f].seek(index.start(f, inFile));
    open[f].readFully(bytes);
    return new RawRecord(index.path(f).getFileName() + ":" + (inFile + 1), null, bytes);
  }

  @Override
  public void close() throws IOException {
    if (open == null) return;
    for (RandomAccessFile raf : open) if (raf != null) raf.close();
  }
}
