package dev.scone.training.experiment;

import dev.scone.training.corpus.CorpusFile;
import dev.scone.training.run.TrainRun;
import dev.scone.training.run.TrainRunResult;
import dev.scone.training.run.TrainingDivergedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link TrainingProcesses} child: {@code TrainingJobMain <job.json>} trains and publishes one
 * {@link TrainingJob}, writes the bundle's directory to the job's result file and exits 0; a run
 * that diverged exits {@value #DIVERGED}, any other failure 1, with the stack trace in the log. One
 * model per JVM.
 */
public final class TrainingJobMain {

  /** The exit code of a run that diverged ({@link TrainingDivergedException}). */
  static final int DIVERGED = 3;

  private TrainingJobMain() {}

  public static void main(String[] args) {
    int code = 1;
    try {
      if (args.length != 1) throw new IllegalArgumentException("usage: TrainingJobMain <job.json>");
      TrainingJob job = TrainingJob.read(Path.of(args[0]));
      TrainRunResult result = TrainRun.cachingTokensIn(job.tokenCache()).showProgress(job.showProgress())
          .run(job.config(), CorpusFile.read(job.corpusFile()));
      Files.writeString(job.resultFile(), result.directory().toAbsolutePath().toString(), StandardCharsets.UTF_8);
      code = 0;
    } catch (TrainingDivergedException e) {
      System.err.println("training job " + args[0] + " diverged: " + e.getMessage());
      code = DIVERGED;
    } catch (Throwable t) {
      // To stderr directly, not through the logger: the parent quotes the log's end, and a class path
      // without an SLF4J provider would drop the one line that says what went wrong.
      // The summary last, so a long trace cannot push it out of the quoted end.
      t.printStackTrace();
      System.err.println("training job " + (args.length > 0 ? args[0] : "") + " failed: " + t);
    }
    System.exit(code); // PyTorch's and the JVM's own threads must not keep a finished job alive
  }
}
