package dev.scone.bench.fgram;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs a micro-benchmark's JMH methods in one JMH invocation: the measured code ({@value
 * #MEASURED}), its baseline ({@value #BASELINE}) and any further methods the caller names, one
 * after the other on the same machine, each in its own forked JVM (or in this one with {@code
 * forks = 0}), in throughput mode on one thread.
 *
 * <p>The inputs, prepared once by the caller (a corpus's texts, its tokens, a vocabulary), reach
 * the forks as one serialized temporary file named by the state's {@value #INPUTS} {@code @Param}
 * and read back by {@link #inputs}; the file is deleted when the run ends. JMH's progress goes to
 * stderr, so stdout keeps the bench's table and JSON line.
 */
public final class JmhSideBySide {
  /** The benchmark method of the project's code. */
  public static final String MEASURED = "measured";
  /** The benchmark method of the baseline it is compared with. */
  public static final String BASELINE = "baseline";
  /** The {@code @Param} every side-by-side state declares: the path of its serialized inputs. */
  public static final String INPUTS = "inputs";
  /** The {@value #INPUTS} value JMH sees when the bench is not started by {@link #run}. */
  public static final String NO_INPUTS = "none";

  /** The project's JVM flags (pom.xml's scone.jvm.flags, the launcher's), for the forked JVMs. */
  private static final String[] JVM_FLAGS = {
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
    "-Dai.djl.offline=true", "-Dio.netty.tryReflectionSetAccessible=true"};

  /** JMH's forks and iterations; an iteration runs whole operations until its time is up. */
  public record Settings(int forks, int warmupIterations, long warmupMillis, int measurementIterations,
      long measurementMillis) {
    public Settings {
      if (forks < 0 || warmupIterations < 0 || measurementIterations < 1 || warmupMillis < 1 || measurementMillis < 1) {
        throw new IllegalArgumentException("forks and warm-ups >= 0, iterations >= 1, times >= 1 ms: " + this);
      }
    }

    /** One fork, 2 warm-up and 3 measured iterations of 1 s per method. */
    public static Settings defaults() {
      return new Settings(1, 2, 1000, 3, 1000);
    }
  }

  /** JMH's results of one invocation, by method name, in operations per second. */
  public record Scores(Map<String, RunResult> byMethod) {
    public Scores {
      byMethod = Map.copyOf(byMethod);
    }

    /** Operations (one pass over the inputs) per second of {@code method}. */
    public double opsPerSecond(String method) {
      return result(method).getPrimaryResult().getScore();
    }

    /** Half-width of JMH's 99.9% confidence interval of {@link #opsPerSecond} (NaN with one iteration). */
    public double error(String method) {
      return result(method).getPrimaryResult().getScoreError();
    }

    /**
     * Figures {@code value_error} and {@code baseline_error}: JMH's 99.9% error of the headline
     * rates in {@code unit}, scaled like them by the work of one operation; left out where JMH
     * gives none (a single iteration).
     */
    public List<BenchResult.Figure> errorFigures(double measuredWork, double baselineWork, String unit) {
      List<BenchResult.Figure> out = new ArrayList<>();
      double value = error(MEASURED) * measuredWork;
      double baseline = error(BASELINE) * baselineWork;
      if (Double.isFinite(value)) out.add(new BenchResult.Figure("value_error", value, unit));
      if (Double.isFinite(baseline)) out.add(new BenchResult.Figure("baseline_error", baseline, unit));
      return out;
    }

    private RunResult result(String method) {
      RunResult r = byMethod.get(method);
      if (r == null) throw new IllegalArgumentException("no JMH result for " + method + " in " + byMethod.keySet());
      return r;
    }
  }

  private JmhSideBySide() {}

  /**
   * Runs {@code methods} of the {@code @State} class {@code bench} (at least {@value #MEASURED}
   * and {@value #BASELINE}) on {@code inputs}.
   *
   * @throws IllegalStateException when JMH fails or a benchmark throws
   */
  public static Scores run(Class<?> bench, Serializable inputs, Settings settings, List<String> methods)
      throws IOException {
    Path file = Files.createTempFile("scone-jmh-" + bench.getSimpleName() + "-", ".ser");
    try {
      try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
        out.writeObject(inputs);
      }
      Options options = new OptionsBuilder()
          .include("^" + Pattern.quote(bench.getName()) + "\\.(" + String.join("|", methods) + ")$")
          .param(INPUTS, file.toString())
          .mode(Mode.Throughput)
          .timeUnit(TimeUnit.SECONDS)
          .threads(1)
          .forks(settings.forks())
          .warmupIterations(settings.warmupIterations())
          .warmupTime(TimeValue.milliseconds(settings.warmupMillis()))
          .measurementIterations(settings.measurementIterations())
          .measurementTime(TimeValue.milliseconds(settings.measurementMillis()))
          .jvmArgsAppend(JVM_FLAGS)
          .shouldFailOnError(true)
          .build();
      Map<String, RunResult> byMethod = new HashMap<>();
      for (RunResult r : new Runner(options, OutputFormatFactory.createFormatInstance(System.err, VerboseMode.NORMAL)).run()) {
        String name = r.getParams().getBenchmark();
        byMethod.put(name.substring(name.lastIndexOf('.') + 1), r);
      }
      if (!byMethod.keySet().containsAll(methods)) {
        throw new IllegalStateException("JMH ran " + byMethod.keySet() + " of " + bench.getName() + ", not all of "
            + methods + " (is META-INF/BenchmarkList of the bench module on the classpath?)");
      }
      return new Scores(byMethod);
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH run of " + bench.getName() + " failed: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The inputs {@link #run} wrote, read back in a benchmark's {@code @Setup}. */
  public static <T> T inputs(String file, Class<T> type) throws IOException {
    if (NO_INPUTS.equals(file)) {
      throw new IllegalStateException(type.getEnclosingClass().getSimpleName() + " needs its inputs: run it with"
          + " `./scone bench NAME`, or pass -p " + INPUTS + "=FILE written by JmhSideBySide.run");
    }
    try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(Path.of(file))))) {
      return type.cast(in.readObject());
    } catch (ClassNotFoundException e) {
      throw new IOException("unreadable bench inputs " + file, e);
    }
  }
}
