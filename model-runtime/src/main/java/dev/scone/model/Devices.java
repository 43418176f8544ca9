package dev.scone.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Where models run: the first GPU when DJL finds one (CUDA build of the PyTorch native library),
 * else the CPU.
 */
public final class Devices {

  private Devices() {}

  /** GPU 0 if the engine sees a GPU, else the CPU. Loads the engine on first call. */
  public static Device preferred() {
    return choose(Engine.getInstance().getGpuCount());
  }

  static Device choose(int gpuCount) {
    return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
  }

  /**
   * Intra-op threads for each of {@code concurrentModels} models sharing this machine's cores:
   * cores / models, at least 1. PyTorch's default is every physical core per op, which
   * oversubscribes the CPU as soon as several models (e.g. one per Flink subtask) run at once.
   */
  public static int cpuThreadsPerModel(int concurrentModels, int cores) {
    if (concurrentModels < 1) {
      throw new IllegalArgumentException("concurrentModels must be >= 1, got " + concurrentModels);
    }
    return Math.max(1, cores / concurrentModels);
  }

  /**
   * The intra-op threads a process should use: {@code ompNumThreads} when it is a positive number
   * (an explicit {@code OMP_NUM_THREADS} is the operator's choice and wins), else
   * {@link #cpuThreadsPerModel}(concurrentModels, cores).
   */
  public static int cpuThreads(int concurrentModels, int cores, String ompNumThreads) {
    if (ompNumThreads != null) {
      try {
        int fixed = Integer.parseInt(ompNumThreads.strip());
        if (fixed > 0) return fixed;
      } catch (NumberFormatException e) {
        // not a number: ignored, as OpenMP itself ignores it
      }
    }
    return cpuThreadsPerModel(concurrentModels, cores);
  }

  /**
   * Sets PyTorch's intra-op thread count for the whole process to {@link #cpuThreads}
   * (concurrentModels, available processors, {@code $OMP_NUM_THREADS}) and returns it. Every
   * command that runs a model calls this, so no process is left with PyTorch's own default (every
   * physical core per op, however many models share them). The setting is process-wide (PyTorch
   * has one intra-op pool); inter-op threads are left alone because DJL runs each op from the
   * calling thread. How idle threads wait ({@code OMP_WAIT_POLICY}) is fixed before the JVM starts,
   * by the launcher: see docs/DESIGN-NOTES.md, "PyTorch threads".
   */
  public static int configureCpuThreads(int concurrentModels) {
    int threads = cpuThreads(concurrentModels, Runtime.getRuntime().availableProcessors(),
        System.getenv("OMP_NUM_THREADS"));
    Engine.getInstance(); // loads the native library before it is called
    JniUtils.setNumThreads(threads);
    return threads;
  }

  /**
   * Sets PyTorch's intra-op threads for the whole process to {@code threads} when it is positive,
   * else (0) to {@link #configureCpuThreads}(1): one model, every core, or {@code $OMP_NUM_THREADS}
   * when set. Returns the count set. What a command's {@code --threads} means.
   */
  public static int useCpuThreads(int threads) {
    if (threads <= 0) return configureCpuThreads(1);
    Engine.getInstance(); // loads the native library before it is called
    JniUtils.setNumThreads(threads);
    return threads;
  }
}
