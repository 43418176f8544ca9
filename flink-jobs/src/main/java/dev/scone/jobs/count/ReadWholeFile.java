package dev.scone.jobs.count;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Step "read-file" of the bounded file run: a local path to the file's bytes, one record (one
 * document) per file. Reading the bytes here, not in the client, keeps the text out of the job
 * graph. An unreadable file fails the job with the path in the message (a missing input is not a
 * bad record).
 */
public final class ReadWholeFile implements MapFunction<String, byte[]> {
  @Override
  public byte[] map(String path) throws Exception {
    try {
      return Files.readAllBytes(Path.of(path));
    } catch (java.io.IOException e) {
      throw new java.io.IOException("cannot read input text file " + path + ": " + e, e);
    }
  }
}
