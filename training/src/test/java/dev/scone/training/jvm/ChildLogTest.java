package dev.scone.training.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildLogTest {

  @TempDir Path dir;

  @Test
  void quotesOnlyWhatWasWrittenFromTheOffsetAndAtMostTheLimit() throws IOException {
    Path log = dir.resolve("worker.log");
    Files.writeString(log, "earlier job é\n", StandardCharsets.UTF_8);
    long offset = Files.size(log);
    Files.writeString(log, "this job's error ü\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertEquals("this job's error ü\n", ChildLog.tail(log, offset));
    assertEquals("earlier job é\nthis job's error ü\n", ChildLog.tail(log));

    Files.writeString(log, "x".repeat(ChildLog.TAIL_CHARS) + "the end", StandardCharsets.UTF_8);
    String tail = ChildLog.tail(log);
    assertEquals(ChildLog.TAIL_CHARS, tail.length());
    assertTrue(tail.endsWith("the end"), tail);
  }

  @Test
  void aLogNotYetWrittenIsEmpty() throws IOException {
    assertEquals("", ChildLog.tail(dir.resolve("none.log")));
  }
}
