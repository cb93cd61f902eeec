package org.screening.workers.decode;

import java.time.Instant;
import org.screening.schemas.v1.Frame;
import org.screening.schemas.v1.Modality;
import org.screening.schemas.v1.QosClass;

/**
 * What a result needs to know about its frame, without the pixels (which can be megabytes).
 *
 * @param width the image's width as decoded (a JPEG turned as its EXIF says), which a mask is
 *     given at
 * @param height the image's height as decoded
 * @param explain whether the frame asks for explanations (a classifier's heat map)
 */
public record FrameMeta(String frameId, String tenant, String feedId, long sequence,
    Instant captureTime, Modality modality, QosClass qos, Instant deadline, int width,
    int height, boolean explain) {

  public static FrameMeta of(Frame frame, DecodedImage image) {
    return new FrameMeta(frame.getFrameId(), frame.getTenant(), frame.getFeedId(),
        frame.getSequence(), frame.getCaptureTime(), frame.getModality(), frame.getQos(),
        frame.getDeadline(), image.width(), image.height(), frame.getExplain());
  }

  public boolean live() {
    return qos == QosClass.LIVE;
  }
}
