package dev.scone.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;

class DevicesTest {

  @Test
  void gpuWhenTheEngineSeesOneElseCpu() {
    assertEquals(Device.cpu(), Devices.choose(0));
    assertEquals(Device.gpu(0), Devices.choose(2));
    assertEquals(Engine.getInstance().getGpuCount() > 0, Devices.preferred().isGpu());
  }

  @Test
  void cpuThreadsAreSharedBetweenConcurrentModels() {
    assertEquals(16, Devices.cpuThreadsPerModel(1, 16));
    assertEquals(5, Devices.cpuThreadsPerModel(3, 16));
    assertEquals(1, Devices.cpuThreadsPerModel(4, 2));
    assertThrows(IllegalArgumentException.class, () -> Devices.cpuThreadsPerModel(0, 2));
  }

  @Test
  void anExplicitOmpNumThreadsWins() {
    assertEquals(3, Devices.cpuThreads(1, 16, "3"));
    assertEquals(8, Devices.cpuThreads(2, 16, null));
    assertEquals(8, Devices.cpuThreads(2, 16, "zero"));
    assertEquals(8, Devices.cpuThreads(2, 16, "0"));
  }

  @Test
  void configuringThreadsSetsPytorchsIntraOpPool() {
    int cores = Runtime.getRuntime().availableProcessors();
    int expected = Devices.cpuThreads(2, cores, System.getenv("OMP_NUM_THREADS"));
    int before = JniUtils.getNumThreads();
    try {
      assertEquals(expected, Devices.configureCpuThreads(2));
      assertEquals(expected, JniUtils.getNumThreads());
    } finally {
      JniUtils.setNumThreads(before);
    }
  }
}
