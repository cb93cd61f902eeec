package org.screening.workers.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

class SessionOptionsTest {

  @Test
  void cpuPlacementHidesEveryGpu() {
    ConfigProto proto = SessionOptions.configProto("/CPU:0", true, 2, 1);
    assertEquals(0, proto.getDeviceCountOrThrow("GPU"));
    assertEquals(2, proto.getIntraOpParallelismThreads());
  }

  @Test
  void gpuPlacementLeavesOnlyThatGpuVisibleAndGrowsItsMemory() {
    ConfigProto proto = SessionOptions.configProto("/GPU:1", true, 0, 0);
    assertEquals("1", proto.getGpuOptions().getVisibleDeviceList());
    assertTrue(proto.getGpuOptions().getAllowGrowth());
    assertTrue(proto.getAllowSoftPlacement());
  }
}
