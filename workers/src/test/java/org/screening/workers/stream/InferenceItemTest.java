package org.screening.workers.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.workers.batching.BatchingPolicy;
import org.screening.workers.batching.MicroBatcher;
import org.screening.workers.decode.FrameMeta;

class InferenceItemTest {

  @Test
  void liveFramesOfTwoTenantsFeedsWithTheSameNameDoNotSupersedeEachOther() {
    MicroBatcher<InferenceItem> batcher = new MicroBatcher<>(
        new BatchingPolicy(8, 1_000_000, List.of(), 16));
    assertTrue(batcher.offer(item("clinic-a", 1), 0).isEmpty());
    assertTrue(batcher.offer(item("clinic-b", 2), 0).isEmpty(),
        "clinic-b's frame must not replace clinic-a's");
    assertEquals(2, batcher.size());
  }

  private static InferenceItem item(String tenant, long sequence) {
    FrameMeta meta = new FrameMeta("f-" + tenant, tenant, "scope-1", sequence, Instant.EPOCH,
        Modality.ENDOSCOPY_FRAME, QosClass.LIVE, null, 1, 1, false);
    return new InferenceItem(null, meta, null, new float[0], 0);
  }
}
