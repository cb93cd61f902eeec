package org.screening.schemas.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.screening.schemas.DeadLetterReason;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;

class FrameFieldsTest {

  private static Frame.Builder frame() {
    return Frame.newBuilder().setFrameId("f-1").setTenant("clinic").setFeedId("tower-3")
        .setSequence(1).setCaptureTime(Instant.EPOCH).setModality(Modality.ENDOSCOPY_FRAME)
        .setEncoding(ImageEncoding.RAW_U8).setWidth(2).setHeight(1).setChannels(3)
        .setPixels(ByteBuffer.wrap(new byte[6])).setTasks(List.of(Task.CLASSIFY))
        .setQos(QosClass.LIVE);
  }

  @Test
  void aCompleteFrameIsAccepted() {
    assertTrue(FrameFields.check(frame().build()).accepted());
  }

  @Test
  void aFrameOfNoTenantIsInvalid() {
    Verdict<Frame> verdict = FrameFields.check(frame().setTenant(" ").build());

    assertEquals(DeadLetterReason.INVALID_FRAME, verdict.reason());
    assertTrue(verdict.detail().contains("tenant"), verdict.detail());
  }

  @Test
  void aFrameOfNoFeedOrIdIsInvalid() {
    assertEquals(DeadLetterReason.INVALID_FRAME,
        FrameFields.check(frame().setFeedId("").build()).reason());
    assertEquals(DeadLetterReason.INVALID_FRAME,
        FrameFields.check(frame().setFrameId("").build()).reason());
  }

  @Test
  void greyAndAlphaIsAChannelCountAFrameMayDeclare() {
    assertTrue(FrameFields.check(frame().setChannels(2).build()).accepted());
    assertEquals(DeadLetterReason.INVALID_FRAME,
        FrameFields.check(frame().setChannels(5).build()).reason());
  }

  @Test
  void aFrameOfNoSizeIsInvalid() {
    assertEquals(DeadLetterReason.INVALID_FRAME,
        FrameFields.check(frame().setHeight(0).build()).reason());
  }
}
