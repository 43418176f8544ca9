package dev.scone.jobs.rescore;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Exactly-once lines into a local directory (two-phase commit on checkpoints): each subtask
 * writes {@code .part-S-U-N.inprogress} (S subtask, U a random id per writer, N a sequence);
 * at a checkpoint the file is flushed, fsynced and closed, and its name becomes a committable;
 * when the checkpoint completes the committer renames it to {@code part-S-U-N}. Lines written
 * after the last completed checkpoint of a failed attempt stay in hidden in-progress files that
 * are never committed, and the restored source re-reads exactly those records, so every record
 * lands in exactly one committed part. Needs checkpointing (with a final checkpoint at end of
 * input, Flink's default) to commit anything. {@link PartFiles} merges the parts into one file.
 * (This project has no flink-connector-files, whose FileSink would otherwise do this.)
 */
public final class PartFileSink implements Sink<String>, SupportsCommitter<String> {
  static final String PART_PREFIX = "part-";
  private final String dir;

  public PartFileSink(Path dir) {
    this.dir = dir.toAbsolutePath().toString();
  }

  @Override
  public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
    Files.createDirectories(Path.of(dir));
    return new Writer(Path.of(dir), context.getTaskInfo().getIndexOfThisSubtask());
  }

  @Override
  public Committer<String> createCommitter(CommitterInitContext context) {
    return new RenameCommitter(Path.of(dir));
  }

  @Override
  public SimpleVersionedSerializer<String> getCommittableSerializer() {
    return new NameSerializer();
  }

  static String inProgressName(String partName) {
    return "." + partName + ".inprogress";
  }

  /** One subtask's writer: an open in-progress file between checkpoints. Not thread-safe. */
  private static final class Writer implements CommittingSinkWriter<String, String> {
    private final Path dir;
    private final String prefix;
    private int sequence;
    private String part;
    private FileOutputStream file;
    private BufferedWriter out;

    Writer(Path dir, int subtask) {
      this.dir = dir;
      this.prefix = PART_PREFIX + subtask + "-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    @Override
    public void write(String line, Context context) throws IOException {
      if (out == null) {
        part = prefix + sequence++;
        file = new FileOutputStream(dir.resolve(inProgressName(part)).toFile());
        out = new BufferedWriter(new OutputStreamWriter(file, StandardCharsets.UTF_8), 1 << 16);
      }
      out.write(line);
      out.write('\n');
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      if (out != null) out.flush();
    }

    @Override
    public Collection<String> prepareCommit() throws IOException {
      if (out == null) return List.of();
      out.flush();
      file.getFD().sync(); // durable before the checkpoint that commits it can complete
      out.close();
      out = null;
      return List.of(part);
    }

    @Override
    public void close() throws IOException {
      if (out != null) out.close(); // uncommitted: stays hidden, its records are replayed
    }
  }

  /** Renames in-progress files of completed checkpoints to their part names; idempotent. */
  private static final class RenameCommitter implements Committer<String> {
    private final Path dir;

    RenameCommitter(Path dir) {
      this.dir = dir;
    }

    @Override
    public void commit(Collection<CommitRequest<String>> requests) throws IOException {
      for (CommitRequest<String> request : requests) {
        String part = request.getCommittable();
        Path from = dir.resolve(inProgressName(part));
        Path to = dir.resolve(part);
        if (Files.exists(from)) {
          Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } else if (Files.exists(to)) {
          request.signalAlreadyCommitted();
        } else {
          request.signalFailedWithKnownReason(new IOException("cannot commit part " + part + " in " + dir
              + ": expected " + from.getFileName() + " or " + to.getFileName() + ", found neither"));
        }
      }
    }

    @Override
    public void close() {}
  }

  /** A committable is a part name, UTF-8. */
  private static final class NameSerializer implements SimpleVersionedSerializer<String> {
    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(String name) {
      return name.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String deserialize(int version, byte[] bytes) throws IOException {
      if (version != 1) throw new IOException("part committable version " + version + " is unknown; expected 1");
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Committed part files in {@code dir}, by name. */
  static List<Path> committedParts(Path dir) throws IOException {
    List<Path> parts = new ArrayList<>();
    try (var files = Files.list(dir)) {
      files.filter(p -> p.getFileName().toString().startsWith(PART_PREFIX)).sorted().forEach(parts::add);
    }
    return parts;
  }
}
