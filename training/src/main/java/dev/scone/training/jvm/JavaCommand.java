package dev.scone.training.jvm;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How scone starts a JVM of its own (a training job, a Flink process, a chaos drill's victim): this
 * JVM's {@code java} binary, class path and the flags the code needs, and the native environment the
 * {@code scone} launcher exports. Stateless.
 */
public final class JavaCommand {

  private JavaCommand() {}

  /** {@code java -Xmx<heapMb>m <inherited flags> -cp <this class path> mainClass args...}. */
  public static List<String> forMain(String mainClass, int heapMb, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.add("-Xmx" + heapMb + "m");
    command.addAll(inheritedFlags());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /** The {@code java} binary of the running JVM. */
  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * This JVM's {@code --add-opens} / {@code --add-exports} and {@code -Dai.djl} / {@code -Dio.netty}
   * flags (the scone launcher's, or surefire's argLine): what Arrow, Kryo, Netty and DJL (offline)
   * need. Debug agents and heap sizes are not passed on.
   */
  public static List<String> inheritedFlags() {
    List<String> flags = new ArrayList<>();
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("-Dai.djl")
          || arg.startsWith("-Dio.netty")) {
        flags.add(arg);
      }
    }
    return flags;
  }

  /**
   * Sets, unless the environment already has them, what the launcher exports for PyTorch
   * (docs/DESIGN-NOTES.md): idle OpenMP threads sleep instead of spinning, and glibc keeps freed
   * tensor memory in the process instead of faulting it in again on every forward.
   */
  public static void nativeDefaults(Map<String, String> environment) {
    environment.putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    environment.putIfAbsent("MALLOC_MMAP_THRESHOLD_", "33554432");
    environment.putIfAbsent("MALLOC_TRIM_THRESHOLD_", "1073741824");
    environment.putIfAbsent("MALLOC_TOP_PAD_", "268435456");
  }
}
