package dev.scone.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void barsOnlyWhenAskedOrStderrIsATerminal() {
    assertEquals(ProgressMode.BARS, ProgressMode.resolve(null, true));
    assertEquals(ProgressMode.LINES, ProgressMode.resolve(null, false));
    assertEquals(ProgressMode.LINES, ProgressMode.resolve(" ", false));
    assertEquals(ProgressMode.BARS, ProgressMode.resolve("bars", false));
    assertEquals(ProgressMode.LINES, ProgressMode.resolve("Lines", true));
    assertEquals(ProgressMode.OFF, ProgressMode.resolve("off", true));
  }

  @Test
  void unknownSettingNamesTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProgressMode.resolve("fancy", true));
    assertTrue(e.getMessage().contains("SCONE_PROGRESS=fancy") && e.getMessage().contains("lines, bars or off"),
        e.getMessage());
  }

  @Test
  void linesPassAtMostOnePerIntervalThenTheHeldBackFinalState() {
    long[] now = {0};
    List<String> out = new ArrayList<>();
    ThrottledLines lines = new ThrottledLines(out::add, Duration.ofSeconds(5), () -> now[0]);
    for (int second = 0; second <= 12; second++) {
      now[0] = Duration.ofSeconds(second).toNanos();
      lines.accept("at " + second);
    }
    lines.close();
    assertEquals(List.of("at 0", "at 5", "at 10", "at 12"), out);
  }

  @Test
  void finalStatePassedOnceWhenNotHeldBack() {
    long[] now = {0};
    List<String> out = new ArrayList<>();
    ThrottledLines lines = new ThrottledLines(out::add, Duration.ofSeconds(5), () -> now[0]);
    lines.accept("start");
    now[0] = Duration.ofSeconds(6).toNanos();
    lines.accept("done");
    lines.close();
    assertEquals(List.of("start", "done"), out);
  }

  @Test
  void lineModeWritesWholePlainLinesEndingWithTheFinalState() {
    List<String> out = new CopyOnWriteArrayList<>(); // written from the library's thread
    ThrottledLines lines = new ThrottledLines(out::add, Duration.ofHours(1), System::nanoTime);
    try (Progress progress = new Progress(
        Progress.asLines(Progress.builder("train", 400, "steps", 0, Duration.ZERO), "steps", lines).build())) {
      for (int step = 1; step <= 400; step++) {
        progress.stepTo(step);
        progress.note("loss 3.214, 2,650 tok/s");
      }
    }
    assertFalse(out.isEmpty());
    assertTrue(out.size() <= 2, "a start line and the final one within the hour, got " + out);
    for (String line : out) {
      assertFalse(line.contains("\r") || line.contains("\n") || line.contains("\u001b"), line);
    }
    String last = out.get(out.size() - 1);
    assertTrue(last.startsWith("train 100% 400/400 steps in 0:0"), last);
    assertTrue(last.endsWith(", loss 3.214, 2,650 tok/s"), last);
  }

  @Test
  void resumedLineCountsRateAndEtaFromThisRunOnly() {
    List<String> out = new CopyOnWriteArrayList<>();
    ThrottledLines lines = new ThrottledLines(out::add, Duration.ofHours(1), System::nanoTime);
    Progress progress = new Progress(Progress.asLines(
        Progress.builder("train", 400, "steps", 148, Duration.ofSeconds(95)), "steps", lines).build());
    progress.close();
    assertTrue(out.get(out.size() - 1).startsWith("train 37% 148/400 steps in 1:35"), out.toString());
  }

  @Test
  void clockShowsHoursOnlyFromAnHourOn() {
    assertEquals("0:07", PlainProgressLine.clock(7));
    assertEquals("1:35", PlainProgressLine.clock(95));
    assertEquals("1:00:05", PlainProgressLine.clock(3605));
  }
}
