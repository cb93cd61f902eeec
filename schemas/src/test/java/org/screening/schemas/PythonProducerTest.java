package org.screening.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.ImageEncoding;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;
import org.screening.schemas.v1.Task;

/**
 * A frame written by {@code python/produce_frame.py} (python3-avro 1.11, hand-written header and
 * fingerprint) from a 4x3 RGB PNG, kept as bytes: proves the Python fingerprint and encoding match
 * Java's without needing Python at build time.
 */
class PythonProducerTest {

  @Test
  void decodesAFrameWrittenByThePythonScript() throws IOException {
    byte[] message;
    try (InputStream in = getClass().getResourceAsStream("/python/frame-from-python.bin")) {
      message = in.readAllBytes();
    }
    Frame frame = AvroCodec.frames().decode(message);
    assertEquals("py-1", frame.getFrameId());
    assertEquals("clinic-a", frame.getTenant());
    assertEquals("tower-3", frame.getFeedId());
    assertEquals(5L, frame.getSequence());
    assertEquals(Modality.ENDOSCOPY_FRAME, frame.getModality());
    assertEquals(ImageEncoding.PNG, frame.getEncoding());
    assertEquals(
        List.of(4, 3, 3), List.of(frame.getWidth(), frame.getHeight(), frame.getChannels()));
    assertEquals((byte) 0x89, frame.getPixels().get(0));
    assertNull(frame.getPixelsRef());
    assertEquals(List.of(Task.CLASSIFY, Task.SEGMENT), frame.getTasks());
    assertEquals("medic-seg:1", frame.getModelOverride());
    assertEquals(QosClass.LIVE, frame.getQos());
    assertEquals(500, frame.getDeadline().toEpochMilli() - frame.getCaptureTime().toEpochMilli());
  }
}
