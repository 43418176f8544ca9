package dev.scone.cli;

import dev.scone.training.corpus.SconeCache;
import dev.scone.training.refresh.RefreshStudy;
import dev.scone.training.refresh.RefreshStudyConfig;
import dev.scone.training.refresh.RefreshStudyResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scone refresh-study}: does a refreshed table help on later text without retraining?
 * Prints the table of {@link RefreshStudy} and writes it as markdown.
 */
@Command(
    name = "refresh-study",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Measure whether a refreshed table helps on later text.",
      "Trains a small SCONE model on early SOTU addresses, then compares perplexity on later addresses with "
          + "(a) the old table, (b) a refreshed table (vocabulary counted over early + recent text, no retraining), "
          + "(c) a warm-start retrain on the recent text. (b) and (c) pass the trainer's quality gate or are not published."
    })
public final class RefreshStudyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where the study keeps its store and token cache. Default: <scone cache>/refresh-study.")
  Path work;

  @Option(names = "--early-until", defaultValue = "1900", description = "Train on addresses before this year.")
  int earlyUntil;

  @Option(names = "--later-until", defaultValue = "1950", description = "Recent text: from --early-until to before this year; held out from this year on.")
  int laterUntil;

  @Option(names = "--held-out-tokens", defaultValue = "40000", description = "At most this many held-out tokens (whole addresses).")
  int heldOutTokens;

  @Option(names = "--steps", defaultValue = "400", description = "Training steps of the initial model.")
  int steps;

  @Option(names = "--warm-steps", defaultValue = "150", description = "Warm-start steps on the recent text.")
  int warmSteps;

  @Mixin ThreadsOption threads;

  @Option(names = "--markdown", paramLabel = "FILE", description = "Write the table here. Default: <work dir>/refresh-study.md.")
  Path markdown;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = work != null ? work : SconeCache.root().resolve("refresh-study");
    RefreshStudyConfig config = RefreshStudyConfig.small(dir, threads.count()).withSteps(steps, warmSteps);
    config = new RefreshStudyConfig(earlyUntil, laterUntil, heldOutTokens, config.base(), config.warmStart(), dir,
        config.scoreBatch());
    RefreshStudyResult result = RefreshStudy.run(config);
    String md = result.toMarkdown();
    Path file = markdown != null ? markdown : dir.resolve("refresh-study.md");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, md, StandardCharsets.UTF_8);
    out.println(md);
    out.println("written to " + file);
    out.flush();
    return 0;
  }
}
