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
  void configuringThreadsSetsPytorchsIntraOpPool() {
    int cores = Runtime.getRuntime().availableProcessors();
    int before = JniUtils.getNumThreads();
    try {
      assertEquals(Math.max(1, cores / 2), Devices.configureCpuThreads(2));
      assertEquals(Math.max(1, cores / 2), JniUtils.getNumThreads());
    } finally {
      JniUtils.setNumThreads(before);
    }
  }
}
