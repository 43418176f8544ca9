package dev.scone.cluster;

import dev.scone.training.jvm.JavaCommand;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * Launches one Flink JVM of a standalone session cluster from the jars this JVM runs on (Flink and
 * the scone jobs, as in the image's lib/), doing what Flink's {@code jobmanager.sh} and {@code
 * taskmanager.sh} do without a distribution: derive the JVM's memory flags and dynamic settings
 * from the configured process size, add {@code env.java.opts.*}, and start the entrypoint class
 * with {@code --configDir}. Each runs in a session of its own (setsid), so it outlives the command.
 */
final class FlinkProcess {

  static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  private FlinkProcess() {}

  static Process startJobManager(ClusterLayout layout, Map<String, String> settings) {
    Configuration conf = FlinkSettings.flinkConfiguration(settings);
    JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(conf);
    List<String> jvm = split(JobManagerProcessUtils.generateJvmParametersStr(spec, conf));
    jvm.addAll(split(settings.getOrDefault("env.java.opts.jobmanager", "")));
    return start(layout, settings, jvm, JOB_MANAGER_MAIN, split(JobManagerProcessUtils.generateDynamicConfigsStr(spec)),
        layout.jobManagerLog());
  }

  static Process startTaskManager(ClusterLayout layout, Map<String, String> settings, int index) {
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(FlinkSettings.flinkConfiguration(settings));
    List<String> jvm = split(ProcessMemoryUtils.generateJvmParametersStr(spec));
    jvm.addAll(split(settings.getOrDefault("env.java.opts.taskmanager", "")));
    List<String> dynamic = split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec));
    // A stable, readable id ("tm-2"): the REST API then says which TaskManager runs what.
    dynamic.addAll(List.of("-D", "taskmanager.resource-id=" + resourceId(index)));
    return start(layout, settings, jvm, TASK_MANAGER_MAIN, dynamic, layout.taskManagerLog(index));
  }

  /** The resource id TaskManager {@code index} registers with, as the REST API lists it. */
  static String resourceId(int index) {
    return "tm-" + index;
  }

  /** Whether {@code handle} is a Flink process of this cluster (its command line names our config dir). */
  static boolean isOurs(ProcessHandle handle, ClusterLayout layout) {
    return handle.isAlive() && handle.info().commandLine()
        .map(line -> (line.contains(JOB_MANAGER_MAIN) || line.contains(TASK_MANAGER_MAIN))
            && line.contains(layout.confDir().toString()))
        .orElse(true);
  }

  private static Process start(ClusterLayout layout, Map<String, String> settings, List<String> memoryFlags,
      String main, List<String> dynamicSettings, Path log) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) command.add("/usr/bin/setsid");
    command.add(JavaCommand.javaBinary());
    command.addAll(memoryFlags);
    command.addAll(split(settings.getOrDefault("env.java.opts.all", "")));
    command.addAll(JavaCommand.inheritedFlags());
    command.add("-Dlog4j.configurationFile=" + FlinkSettings.log4jConfig(layout));
    command.add("-Dlog.file=" + log);
    command.add("@" + classpathArgFile(layout));
    command.add(main);
    command.add("--configDir");
    command.add(layout.confDir().toString());
    command.addAll(dynamicSettings);
    try {
      Files.createDirectories(layout.logDir());
      // The command first: what ran is then in the log beside what it said.
      Files.writeString(log, "scone: " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectInput(Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(log.toFile()));
      JavaCommand.nativeDefaults(builder.environment()); // subtasks share the cores and keep freed tensor memory
      return builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + main + " (log " + log + ")", e);
    }
  }

  /**
   * This JVM's classpath, as an @argfile: Flink and the scone jobs, as the image's lib/ holds them.
   * The OS then reports a short command line, which {@link #isOurs} reads whole.
   */
  private static Path classpathArgFile(ClusterLayout layout) {
    Path file = layout.classpathArgFile();
    String quoted = System.getProperty("java.class.path").replace("\\", "\\\\").replace("\"", "\\\"");
    // Written to a temp file and moved over: a JVM launched a moment ago may still be reading the
    // old one, and a truncated argfile would start it without a classpath.
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, "-cp \"" + quoted + "\"\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  private static List<String> split(String flags) {
    List<String> out = new ArrayList<>();
    for (String f : flags.strip().split("\\s+")) if (!f.isEmpty()) out.add(f);
    return out;
  }
}
