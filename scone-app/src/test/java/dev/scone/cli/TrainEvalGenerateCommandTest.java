package dev.scone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scone.model.bundle.BundleStore;
import dev.scone.model.bundle.ModelBundle;
import dev.scone.training.loop.StopReason;
import dev.scone.training.loop.TrainingReport;
import dev.scone.training.run.TrainEval;
import dev.scone.training.run.TrainRunResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train -> eval -> generate on one tiny store: each command's output and exit code. */
class TrainEvalGenerateCommandTest {

  private static final String[] PHRASES = {
      "the people of the united states", "in the year of our lord", "the state of the union",
      "we must work together", "and the congress shall", "for the common good", "a more perfect union"};

  @TempDir static Path dir;
  static Path store;
  static Run scone;
  static Run baseline;

  record Run(int exitCode, String out, String err) {}

  static Run run(Callable<Integer> command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = CliConventions.applyTo(new CommandLine(command));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static void writeTexts(Path texts, long seed, int documents, int phrases) throws IOException {
    Files.createDirectories(texts);
    Random random = new Random(seed);
    for (int d = 0; d < documents; d++) {
      StringBuilder text = new StringBuilder();
      for (int p = 0; p < phrases; p++) text.append(PHRASES[random.nextInt(PHRASES.length)]).append(", ");
      Files.writeString(texts.resolve(String.format("doc-%03d.txt", d)), text.toString());
    }
  }

  /** Trains with the tiny defaults below; {@code extra} options replace those of the same name. */
  static Run train(String... extra) {
    List<String> base = List.of("--texts", dir.resolve("texts").toString(), "--layers", "1",
        "--d", "16", "--heads", "2", "--context", "16", "--max-n", "3", "--fgrams", "30", "--fgram-min-count", "2",
        "--vocab-min-count", "1", "--steps", "6", "--batch", "4", "--warmup", "2", "--lr", "1e-2",
        "--eval-every", "0", "--threads", "1", "--store", store.toString(), "--token-cache",
        dir.resolve("tokens").toString(), "--no-progress");
    List<String> args = new ArrayList<>(List.of(extra));
    for (int i = 0; i < base.size(); i++) {
      boolean flag = i + 1 == base.size() || base.get(i + 1).startsWith("--");
      if (!args.contains(base.get(i))) {
        args.add(base.get(i));
        if (!flag) args.add(base.get(i + 1));
      }
      if (!flag) i++;
    }
    return run(new TrainCommand(), args.toArray(new String[0]));
  }

  @BeforeAll
  static void trainTwo() throws IOException {
    writeTexts(dir.resolve("texts"), 1, 24, 50);
    store = dir.resolve("store");
    scone = train();
    baseline = train("--baseline");
  }

  @Test
  void trainPrintsTheSummaryOfWhatItPublished() throws IOException {
    assertEquals(0, scone.exitCode(), scone.err());
    assertTrue(scone.out().contains("published bundle       v000001 at " + BundleStore.at(store).directory(1)),
        scone.out());
    assertTrue(scone.out().contains("steps                  6 (COMPLETED)"), scone.out());
    try (ModelBundle bundle = BundleStore.at(store).open(1)) {
      TrainEval eval = bundle.manifest().eval(TrainEval.class);
      assertTrue(scone.out().contains(String.format("validation perplexity  %.3f", eval.validationPerplexity())),
          scone.out());
      assertTrue(bundle.manifest().fgrams() > 0);
    }
    assertEquals(0, baseline.exitCode(), baseline.err());
    assertTrue(baseline.out().contains("published bundle       v000002"), baseline.out());
  }

  @Test
  void aPublishedRunLeavesNoDefaultCheckpointsBehind() throws IOException {
    assertEquals(0, scone.exitCode(), scone.err());
    assertTrue(scone.out().contains("checkpoints in " + store.resolve("checkpoints").resolve("train-")), scone.out());
    try (Stream<Path> left = Files.list(store.resolve("checkpoints"))) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void anInterruptedRunSaysWhereToResumeOrThatThereIsNothingToResume() {
    Path checkpoint = dir.resolve("checkpoints/step-00000123");
    assertEquals("interrupted at step 123 of 1000; checkpoint " + checkpoint + "; run the same command again to"
        + " resume", TrainCommand.resumeHint(new TrainRunResult(null, null, interrupted(123), null, checkpoint), 1000));
    assertEquals("interrupted before the first step; nothing to resume",
        TrainCommand.resumeHint(new TrainRunResult(null, null, interrupted(0), null, null), 1000));
  }

  private static TrainingReport interrupted(int steps) {
    return new TrainingReport(steps, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, List.of(), List.of(), 0,
        StopReason.INTERRUPTED);
  }

  @Test
  void trainRefusesAnInvalidArchitectureAsAUsageErrorNamingTheOptions() {
    Run bad = train("--heads", "3");
    assertEquals(CliConventions.USAGE, bad.exitCode());
    assertTrue(bad.err().contains("--d must be a multiple of --heads, got --d 16 and --heads 3"), bad.err());
  }

  @Test
  void evalShowsEachTextUnderEachBundleSideBySide() throws IOException {
    Path a = dir.resolve("texts/doc-000.txt");
    Path b = dir.resolve("texts/doc-001.txt");
    String bundleDir = BundleStore.at(store).directory(1).toString();
    Run eval = run(new EvalCommand(), "--bundle", "1", "--bundle", bundleDir, "--bundle", "v2",
        "--store", store.toString(), "--text", a.toString(), b.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    List<String> lines = eval.out().lines().toList();
    String header = lines.stream().filter(l -> l.startsWith("text ")).findFirst().orElseThrow();
    // Columns are named as given, so the same bundle by version and by directory are told apart.
    assertEquals(List.of("text", "documents", "tokens", "1", bundleDir, "v2"), List.of(header.trim().split("\\s+")));
    for (String name : List.of("doc-000.txt", "doc-001.txt")) {
      String[] cells = lines.stream().filter(l -> l.startsWith(name)).findFirst().orElseThrow().trim().split("\\s+");
      assertEquals("1", cells[1], "a file without blank lines is one document");
      double byVersion = Double.parseDouble(cells[3]);
      assertEquals(cells[3], cells[4], "the same bundle by version and by directory");
      assertTrue(byVersion > 1 && byVersion < 1000, "a trained model's perplexity: " + byVersion);
      assertNotEquals(cells[3], cells[5], "SCONE and baseline are different models");
    }
    String shares = lines.stream().filter(l -> l.startsWith("doc-000.txt")).skip(1).findFirst().orElseThrow();
    assertTrue(shares.matches("doc-000\\.txt(\\s+\\d+\\.\\d% / \\d+\\.\\d%){3}"), shares);
  }

  @Test
  void evalOfAMissingVersionIsAUsageErrorNamingTheStore() {
    Run eval = run(new EvalCommand(), "--bundle", "9", "--store", store.toString(), "--text",
        dir.resolve("texts/doc-000.txt").toString());
    assertEquals(CliConventions.USAGE, eval.exitCode());
    assertTrue(eval.err().contains("no version 9 in the store " + store), eval.err());
  }

  static Run generate(String... extra) {
    List<String> args = new ArrayList<>(List.of("--bundle", "1", "--store", store.toString(), "--prompt",
        "the state of"));
    args.addAll(List.of(extra));
    return run(new GenerateCommand(), args.toArray(new String[0]));
  }

  /** The generated text: the output's first lines, before the blank line and the status line. */
  static String text(Run run) {
    return run.out().substring(0, run.out().lastIndexOf("\n\n["));
  }

  @Test
  void greedyGenerationContinuesThePromptUntilMaxTokens() {
    Run first = generate("--temperature", "0", "--max-tokens", "12");
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().startsWith("the state of"), first.out());
    assertTrue(first.out().endsWith("[v000001, 12 tokens, finish_reason length]" + System.lineSeparator()),
        first.out());
    assertEquals(first.out(), generate("--temperature", "0", "--max-tokens", "12").out(), "greedy is deterministic");
  }

  @Test
  void samplingWithTheSameSeedRepeatsItself() {
    Run a = generate("--seed", "11", "--max-tokens", "10", "--top-k", "5", "--top-p", "0.9");
    Run b = generate("--seed", "11", "--max-tokens", "10", "--top-k", "5", "--top-p", "0.9");
    assertEquals(0, a.exitCode(), a.err());
    assertEquals(a.out(), b.out());
  }

  @Test
  void stopSequenceCutsTheTextAndEndsWithStop() {
    String free = text(generate("--temperature", "0", "--max-tokens", "20")).substring("the state of".length());
    assertTrue(free.length() > 8, free);
    String stop = free.substring(5, 8);
    Run stopped = generate("--temperature", "0", "--max-tokens", "20", "--stop", stop);
    assertEquals(0, stopped.exitCode(), stopped.err());
    assertTrue(stopped.out().contains("finish_reason stop]"), stopped.out());
    assertEquals("the state of" + free.substring(0, free.indexOf(stop)), text(stopped));
  }

  @Test
  void everyCommandHasHelp() {
    assertTrue(run(new TrainCommand(), "--help").out().startsWith("Usage: train"));
    assertTrue(run(new EvalCommand(), "--help").out().startsWith("Usage: eval"));
    assertTrue(run(new GenerateCommand(), "--help").out().startsWith("Usage: generate"));
  }
}
