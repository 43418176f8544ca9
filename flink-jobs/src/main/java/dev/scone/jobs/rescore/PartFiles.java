package dev.scone.jobs.rescore;

import dev.scone.fgram.files.FileTrees;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Turns a finished {@link PartFileSink} directory into one JSONL file: the committed parts
 * concatenated (by part name: lines are grouped by subtask, not in input order), written under a
 * temporary name and moved into place, then the directory (with any uncommitted leftovers) is
 * deleted.
 */
public final class PartFiles {
  private PartFiles() {}

  /** Lines written and how many of them are error lines. */
  public record Merged(long lines, long errors) {}

  public static Merged merge(Path partsDir, Path out) throws IOException {
    Path tmp = out.resolveSibling("." + out.getFileName() + ".tmp");
    long lines = 0;
    long errors = 0;
    try (BufferedWriter writer = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (Path part : PartFileSink.committedParts(partsDir)) {
        try (BufferedReader reader = Files.newBufferedReader(part, StandardCharsets.UTF_8)) {
          for (String line; (line = reader.readLine()) != null; ) {
            writer.write(line);
            writer.write('\n');
            lines++;
            // an unescaped "error":{ can only be the error line's key: ids and texts are JSON strings
            if (line.contains("\"error\":{")) errors++;
          }
        }
      }
    }
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    FileTrees.delete(partsDir);
    return new Merged(lines, errors);
  }
}
