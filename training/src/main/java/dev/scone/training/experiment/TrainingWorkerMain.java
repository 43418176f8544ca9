package dev.scone.training.experiment;

import dev.scone.training.corpus.Corpus;
import dev.scone.training.corpus.CorpusFile;
import dev.scone.training.run.TrainRun;
import dev.scone.training.run.TrainRunResult;
import dev.scone.training.run.TrainingDivergedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link TrainingProcesses} child: reads paths of {@link TrainingJob} files from stdin, one per
 * line, and trains them one after another, never two at once. For each it publishes the bundle,
 * writes its directory to the job's result file and answers on stdout with one line,
 * {@value #ANSWER} followed by {@link Outcome}. Everything else it writes (logs, progress, a failed
 * job's stack trace) goes to stderr, so stdout carries only answers. Exits at the end of stdin, and
 * after a failed job, which could have left the JVM in any state (the parent starts a fresh one).
 */
public final class TrainingWorkerMain {

  /** The prefix of an answer line on stdout. */
  static final String ANSWER = "scone-training-job: ";

  /** How a job ended. */
  enum Outcome {
    /** Published; the result file holds the bundle's directory. */
    OK,
    /** The run diverged ({@link TrainingDivergedException}) and published nothing. */
    DIVERGED,
    /** Any other failure; the stack trace is in the log. The worker exits after answering. */
    FAILED
  }

  private TrainingWorkerMain() {}

  public static void main(String[] args) throws IOException {
    PrintStream answers = System.out;
    System.setOut(System.err); // a stray print must not be taken for an answer
    BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Jobs jobs = new Jobs();
    int code = 0;
    for (String line = requests.readLine(); line != null; line = requests.readLine()) {
      if (line.isBlank()) continue;
      Outcome outcome = jobs.run(Path.of(line.strip()));
      answers.println(ANSWER + outcome);
      answers.flush();
      if (outcome == Outcome.FAILED) {
        code = 1;
        break;
      }
    }
    System.exit(code); // PyTorch's and the JVM's own threads must not keep a finished worker alive
  }

  /** Runs jobs, reading each corpus file once: every job of an experiment names the same one. */
  private static final class Jobs {
    private Path corpusFile;
    private Corpus corpus;

    Outcome run(Path request) {
      try {
        TrainingJob job = TrainingJob.read(request);
        System.err.println("=== " + request.getFileName() + ": " + TrainingProcesses.describe(job.config()));
        if (!job.corpusFile().equals(corpusFile)) {
          corpus = CorpusFile.read(job.corpusFile());
          corpusFile = job.corpusFile();
        }
        TrainRunResult result = TrainRun.cachingTokensIn(job.tokenCache()).showProgress(job.showProgress())
            .validationTargets(job.validationTargets()).run(job.config(), corpus);
        Files.writeString(job.resultFile(), result.directory().toAbsolutePath().toString(), StandardCharsets.UTF_8);
        return Outcome.OK;
      } catch (TrainingDivergedException e) {
        System.err.println("training job " + request + " diverged: " + e.getMessage());
        return Outcome.DIVERGED;
      } catch (Throwable t) {
        // To stderr directly, not through the logger: the parent quotes the log's end, and a class path
        // without an SLF4J provider would drop the one line that says what went wrong.
        // The summary last, so a long trace cannot push it out of the quoted end.
        t.printStackTrace();
        System.err.println("training job " + request + " failed: " + t);
        return Outcome.FAILED;
      }
    }
  }
}
