package org.screening.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class WorkerCpuTest {

  @Test
  void inferenceThreadsCountInsideAtTheLowEndAndSharedThreadsOutsideAtTheHighEnd() {
    WorkerCpu cpu = new WorkerCpu(60, 20, 10, 10).since(new WorkerCpu(0, 0, 0, 0));

    assertEquals(20.0 / 90, cpu.outsideSessionRunLow(), 1e-12);
    assertEquals(40.0 / 100, cpu.outsideSessionRunHigh(), 1e-12);
  }

  @Test
  void countsThisProcesssThreadsFromTheKernel() throws Exception {
    CountDownLatch measured = new CountDownLatch(1);
    CountDownLatch spun = new CountDownLatch(1);
    // The thread must outlive the second snapshot: an ended thread leaves /proc/self/task.
    Thread decode = new Thread(() -> {
      spin();
      spun.countDown();
      awaitQuietly(measured);
    }, "screening-decode-test");
    WorkerCpu before = WorkerCpu.now();
    decode.start();
    spun.await();
    WorkerCpu used = WorkerCpu.now().since(before);
    measured.countDown();
    decode.join();

    assertTrue(used.decodeTicks() > 0, "a busy 'screening-decode' thread used CPU: " + used);
    assertEquals(0, used.tensorflowTicks(), "no TensorFlow thread ran: " + used);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void spin() {
    long end = System.nanoTime() + 200_000_000L;
    double x = 0;
    while (System.nanoTime() < end) {
      x += Math.sqrt(x + 1);
    }
    if (x < 0) {
      throw new AssertionError();
    }
  }
}
